/* kbgen: "Was this helpful?" on article pages.
 * The answer goes to the owner's analytics (as Material's own feedback widget does) and/or
 * to the owner's feedback URL, through kbgen-events.js. With neither, nothing is sent: "No"
 * leads to a human, and what was missing goes with the customer to the contact page
 * (contact.js puts it in the contact page's box). */
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

  function init() {
    document.querySelectorAll("[data-kb-feedback]").forEach(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
