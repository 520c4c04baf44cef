/* kbgen: a site opened from disk (file://) links its pages' index.html.
 * MkDocs links folders ("logging-in/"), which a web server answers with the folder's
 * index.html but a browser reading files shows as a file listing. Only on file:// are
 * links to folders of this site given their index.html; online nothing changes. */
(function () {
  "use strict";

  if (window.location.protocol !== "file:") return;

  function fix(link) {
    var url = new URL(link.href, document.baseURI);
    if (url.protocol === "file:" && /\/$/.test(url.pathname)) {
      url.pathname += "index.html";
      link.href = url.href;
    }
  }

  function fixAll() {
    var links = document.querySelectorAll("a[href]");
    for (var i = 0; i < links.length; i++) fix(links[i]);
  }

  // Links added later (by Material's scripts, for example) are fixed as they are followed.
  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("a[href]");
    if (link) fix(link);
  }, true);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fixAll);
  else fixAll();
})();
