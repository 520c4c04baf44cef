/* kbgen: "Was this helpful?" on article pages.
 * The answer goes to the owner's analytics (as Material's own feedback widget does) and/or
 * to the owner's feedback URL, through kbgen-events.js. With neither, nothing is sent, and
 * "No" still leads to a human. */
(function () {
  "use strict";

  // The answer is a site event: kbgen-events.js sends it where the owner configured.
  function send(box, data) {
    if (window.kbgenEvents) window.kbgenEvents.feedback(box.dataset.page, data.helpful, data.missing);
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
        send(box, { helpful: helpful });
        if (helpful) {
          thanks.hidden = false;
          status.textContent = thanks.textContent;
        } else {
          form.hidden = false;
          contact.hidden = false;
          status.textContent = "Sorry it didn't help. Tell us what was missing, or contact us.";
          form.querySelector("textarea").focus();
        }
      });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = form.querySelector("textarea").value.trim();
      send(box, { helpful: false, missing: text });
      form.hidden = true;
      box.querySelector("[data-kb-sent]").hidden = false;
      status.textContent = "Thank you for telling us.";
      contact.querySelector("a").focus();
    });
  }

  function init() {
    document.querySelectorAll("[data-kb-feedback]").forEach(setup);
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
