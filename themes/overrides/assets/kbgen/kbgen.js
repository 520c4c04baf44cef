/* kbgen: "Was this helpful?" on article pages.
 * The answer goes to the owner's analytics (as Material's own feedback widget does) and/or
 * to the owner's feedback URL, through kbgen-events.js. With neither, nothing is sent: "No"
 * leads to a human, and what was missing goes with the customer to the contact page. */
(function () {
  "use strict";

  // The answer is a site event: kbgen-events.js sends it where the owner configured.
  function deliver(box, payload) {
    if (window.kbgenEvents) window.kbgenEvents.feedback(payload.page, payload.helpful, payload.missing);
  }

  /* The one place an answer is submitted: every answer ("yes", "no", and what was missing)
   * passes here, and is announced as a "kbgen:feedback" event on the box (detail: page,
   * title, helpful, missing) before it is delivered, for anything else that listens. */
  function submitAnswer(box, answer) {
    var payload = {
      page: box.dataset.page,
      title: box.dataset.title,
      helpful: answer.helpful,
      missing: answer.missing || ""
    };
    box.dispatchEvent(new CustomEvent("kbgen:feedback", { detail: payload, bubbles: true }));
    deliver(box, payload);
  }

  function setup(box) {
    var buttons = box.querySelectorAll("[data-kb-answer]");
    var thanks = box.querySelector("[data-kb-thanks]");
    var form = box.querySelector("[data-kb-missing]");
    var contact = box.querySelector("[data-kb-contact]");
    var status = box.querySelector("[data-kb-status]");
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        var helpful = button.dataset.kbAnswer === "yes";
        buttons.forEach(function (b) { b.disabled = true; b.setAttribute("aria-pressed", String(b === button)); });
        submitAnswer(box, { helpful: helpful });
        if (helpful) {
          thanks.hidden = false;
          status.textContent = thanks.textContent;
        } else {
          form.hidden = false;
          contact.hidden = false;
          status.textContent = window.kbgenI18n.t("feedback.status_no");
          form.querySelector("textarea").focus();
        }
      });
    });
    form.addEventListener("submit", function (event) {
      var text = form.querySelector("textarea").value.trim();
      submitAnswer(box, { helpful: false, missing: text });
      // Without a place to send it, the form itself carries the words to the contact page.
      if (form.hasAttribute("data-kb-to-contact")) return;
      event.preventDefault();
      form.hidden = true;
      box.querySelector("[data-kb-sent]").hidden = false;
      status.textContent = window.kbgenI18n.t("feedback.sent");
      contact.querySelector("a").focus();
    });
  }

  /* The contact page, reached from "what was missing?": the customer's words are already in
   * the box (with the article as the first line, which becomes the subject). */
  function prefillContact() {
    var box = document.querySelector("[data-kbgen-search='contact'] [data-kbgen-input]");
    var params = new URLSearchParams(window.location.search);
    var message = (params.get("message") || "").trim();
    if (!box || !message || box.value) return;
    var about = (params.get("about") || "").trim();
    box.value = (about ? window.kbgenI18n.t("contact.subject", { title: about }) + "\n" : "") + message;
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
        status.textContent = window.kbgenI18n.t("email_copy.selected");
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () {
          button.textContent = window.kbgenI18n.t("email_copy.copied");
          status.textContent = window.kbgenI18n.t("email_copy.copied_status", { address: text });
        }, selectIt);
      } else {
        selectIt();
      }
    });
  }

  function init() {
    document.querySelectorAll("[data-kb-feedback]").forEach(setup);
    document.querySelectorAll("[data-kb-copy]").forEach(setupCopy);
    prefillContact();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();

  /* Material's tooltips (content.tooltips) put an element's title into the page as HTML,
   * and give cut-off text (.md-ellipsis: navigation, header, contents) a title made of that
   * text once it is on screen. Text with markup characters is cut off by kbgen's own class
   * instead, before Material starts (this script is deferred: it runs before
   * DOMContentLoaded), and any title that holds a markup character is escaped. */
  document.querySelectorAll(".md-ellipsis").forEach(function (element) {
    if (/[<>]/.test(element.textContent)) {
      element.classList.replace("md-ellipsis", "kb-ellipsis");
    }
  });
  function textOnly(element) {
    var title = element.getAttribute("title");
    if (title && /[<>]/.test(title)) {
      element.setAttribute("title", title.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"));
    }
  }
  new MutationObserver(function (changes) {
    changes.forEach(function (change) { textOnly(change.target); });
  }).observe(document.documentElement, { attributes: true, attributeFilter: ["title"], subtree: true });
  document.querySelectorAll("[title]").forEach(textOnly);
})();
