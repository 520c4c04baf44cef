/* kbgen: the contact page. Ask before you send: what the customer writes in the contact
 * page's box (search-widget.js shows the matching articles) goes with the send button to the
 * owner's form or email. The words from an article's "What was missing?" arrive already in
 * the box, and the support address can be copied for webmail. */
(function () {
  "use strict";

  var i18n = window.kbgenI18n;  // the interface strings in the site's language (i18n.js)

  /* The send button hands what the customer wrote to the owner's form or email. */
  function setupSend(root) {
    var input = root.querySelector("[data-kbgen-input]");
    var send = root.querySelector("[data-kbgen-send]");
    if (!input || !send) return;
    var email = root.getAttribute("data-contact-email") || "";
    var formUrl = root.getAttribute("data-contact-form-url") || "";
    function target() {
      var text = input.value.trim();
      var subject = text.split(/\n/)[0].slice(0, 80) || i18n.t("search.help_request");
      var url = formUrl ? new URL(formUrl, document.baseURI) : null;
      // The build allows only web and mailto addresses; never follow anything else.
      if (url && /^(https?|mailto):$/.test(url.protocol)) {
        url.searchParams.set("message", text);
        url.searchParams.set("subject", subject);
        return url.href;
      }
      if (email) {
        return "mailto:" + email + "?subject=" + encodeURIComponent(subject) +
          "&body=" + encodeURIComponent(text);
      }
      return "";
    }
    function refresh() { send.setAttribute("href", target() || "#"); }
    input.addEventListener("input", refresh);
    refresh();
  }

  /* Reached from "what was missing?": the customer's words are already in the box (with the
   * article as the first line, which becomes the subject). */
  function prefill() {
    var box = document.querySelector("[data-kbgen-search='contact'] [data-kbgen-input]");
    var params = new URLSearchParams(window.location.search);
    var message = (params.get("message") || "").trim();
    if (!box || !message || box.value) return;
    var about = (params.get("about") || "").trim();
    box.value = (about ? i18n.t("contact.subject", { title: about }) + "\n" : "") + message;
    box.dispatchEvent(new Event("input", { bubbles: true }));
  }

  /* "Copy address": the support address to the clipboard, for webmail users. Where the
   * clipboard is not allowed, the address is selected so the customer can copy it. */
  function setupCopy(button) {
    var address = document.getElementById(button.dataset.kbCopy);
    var status = button.parentNode.querySelector("[data-kb-copy-status]");
    button.addEventListener("click", function () {
      var text = address.textContent.trim();
      function selectIt() {
        var range = document.createRange();
        range.selectNodeContents(address);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        status.textContent = i18n.t("email_copy.selected");
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () {
          button.textContent = i18n.t("email_copy.copied");
          status.textContent = i18n.t("email_copy.copied_status", { address: text });
        }, selectIt);
      } else {
        selectIt();
      }
    });
  }

  function init() {
    document.querySelectorAll("[data-kbgen-search='contact']").forEach(setupSend);
    document.querySelectorAll("[data-kb-copy]").forEach(setupCopy);
    prefill();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
