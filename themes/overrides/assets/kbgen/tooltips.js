/* kbgen: Material's tooltips show text, never markup.
 * Material's tooltips (content.tooltips) put an element's title into the page as HTML,
 * and give cut-off text (.md-ellipsis: navigation, header, contents) a title made of that
 * text once it is on screen. Text with markup characters is cut off by kbgen's own class
 * instead, before Material starts (this script is deferred: it runs before
 * DOMContentLoaded), and any title that holds a markup character is escaped. */
(function () {
  "use strict";

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
