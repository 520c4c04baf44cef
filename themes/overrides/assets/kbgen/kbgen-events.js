/* kbgen site events: what customers searched and opened, which answers helped, and whether
 * they still contacted the shop. Read back by `kbgen mine`.
 *
 * Four events, each a flat object:
 *   search   query, results, corrected, top, opened, rank, search_id   (a finished search)
 *   read     page, query, search_id          (an article opened; query when from a search)
 *   feedback page, helpful, missing          ("Was this helpful?" and "What was missing?")
 *   contact  page, query, search_id, article (the customer went to contact the shop)
 *
 * Sent to the analytics the owner configured in mkdocs.yml (extra.analytics, as for
 * Material: provider google, or custom with the owner's Plausible or Matomo snippet) and/or POSTed
 * in batches as JSON to the plugin's feedback_url. Nothing is sent when neither is set.
 * No cookies and no identifiers: a search_id is random per search, and the state that
 * links a search to a later contact lives in sessionStorage (this tab only, gone when the
 * tab closes). Sending never blocks the page: batches leave by sendBeacon when the page is
 * hidden, or when ten events are waiting.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var attr = function (name) { return (script && script.getAttribute(name)) || ""; };
  var feedbackUrl = attr("data-feedback-url").trim();
  var provider = attr("data-analytics");
  var base = new URL((attr("data-kbgen-base") || ".").replace(/\/?$/, "/"), document.baseURI);
  var contactPage = attr("data-contact-page");
  var article = attr("data-article");

  var SETTLE_MS = 1500; // a query left this long is finished when the customer types another
  var JOURNEY_MS = 30 * 60 * 1000; // a contact this soon after a search or article follows it
  var BATCH = 10;
  var LIMITS = { query: 100, corrected: 100, missing: 500 };
  var KEY = "kbgen-journey";

  /* ---------------------------------------------------------------- where events go */

  // Material knows Google Analytics itself (provider: google); Plausible and Matomo come
  // with the owner's own snippet (provider: custom), told apart by what it defines.
  function analytics() {
    if (!provider) return "";
    if (provider === "google" && typeof window.gtag === "function") return "google";
    if (typeof window.plausible === "function") return "plausible";
    if (window._paq && typeof window._paq.push === "function") return "matomo";
    if (typeof window.gtag === "function") return "google";
    return "";
  }
  var enabled = !!feedbackUrl || !!provider;

  var GA4_NAMES = { search: "search", read: "kbgen_read", feedback: "feedback", contact: "kbgen_contact" };

  function toAnalytics(event) {
    var sink = analytics(), fields = {};
    Object.keys(event).forEach(function (k) { if (k !== "type") fields[k] = event[k]; });
    if (sink === "google") {
      // GA4's own search reports read search_term; Material's feedback reports read data.
      if (event.type === "search") fields.search_term = event.query;
      if (event.type === "feedback") fields.data = event.helpful ? 1 : 0;
      window.gtag("event", GA4_NAMES[event.type], fields);
    } else if (sink === "plausible") {
      Object.keys(fields).forEach(function (k) { fields[k] = String(fields[k]); });
      window.plausible("kbgen_" + event.type, { props: fields });
    } else if (sink === "matomo") {
      // Matomo events have a category, an action, a name and a number: the fields travel
      // in the name as a query string, which `kbgen mine` reads back.
      var value = event.type === "search" ? event.results
        : event.type === "feedback" ? (event.helpful ? 1 : 0) : undefined;
      var item = ["trackEvent", "kbgen", event.type, new URLSearchParams(fields).toString()];
      if (value !== undefined) item.push(value);
      window._paq.push(item);
    }
  }

  var queue = [];
  function flush() {
    if (!feedbackUrl || !queue.length) return;
    var body = JSON.stringify({ kbgen: 1, events: queue.splice(0, queue.length) });
    try {
      // text/plain is a simple request: no preflight, and sendBeacon accepts it cross-origin.
      var blob = new Blob([body], { type: "text/plain;charset=UTF-8" });
      if (navigator.sendBeacon && navigator.sendBeacon(feedbackUrl, blob)) return;
      fetch(feedbackUrl, { method: "POST", body: body, keepalive: true, mode: "no-cors",
        credentials: "omit", headers: { "Content-Type": "text/plain;charset=UTF-8" } })
        .catch(function () { /* best effort */ });
    } catch (e) { /* never break the page */ }
  }

  function emit(event) {
    if (!enabled) return;
    try { toAnalytics(event); } catch (e) { /* a broken analytics snippet is not ours to fix */ }
    if (!feedbackUrl) return;
    queue.push(event);
    if (queue.length >= BATCH) flush();
  }

  /* ---------------------------------------------------------------- this tab's journey */

  function journey() {
    try {
      var j = JSON.parse(sessionStorage.getItem(KEY) || "{}");
      return j && Date.now() - (j.at || 0) < JOURNEY_MS ? j : {};
    } catch (e) { return {}; }
  }
  function remember(j) {
    j.at = Date.now();
    try { sessionStorage.setItem(KEY, JSON.stringify(j)); } catch (e) { /* private mode */ }
  }

  function randomId() {
    var bytes = new Uint8Array(8);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  // Customers paste what they should not. Analytics tools keep what they are sent, so the
  // plain shapes go before anything leaves the page (the collector redacts fully again).
  function scrub(text) {
    return text
      .replace(/[^\s@]+@[^\s@]+\.[^\s@]+/g, "[email]")
      .replace(/\b(pass(?:word|wd|code)?|pwd|pw|pin)(\s*(?:is|was|:|=)\s*)\S*[^\sA-Za-z]\S*/gi, "$1$2[password]")
      .replace(/\+?\d[\d\s().\/-]{4,}\d/g, "[number]");
  }
  function clip(text, limit) { return scrub(String(text || "").trim()).slice(0, limit); }

  // A link's address as the site knows it ("logging-in/reset-password/"), or "" off-site.
  function sitePath(href) {
    try {
      var url = new URL(href, document.baseURI);
      if (url.origin !== base.origin || url.pathname.indexOf(base.pathname) !== 0) return "";
      return decodeURIComponent(url.pathname.slice(base.pathname.length)).replace(/index\.html$/, "");
    } catch (e) { return ""; }
  }
  var here = sitePath(location.href);

  /* ---------------------------------------------------------------- searches */

  var pending = null; // the search being typed: {query, results, corrected, top, at}

  function finishSearch(opened, rank) {
    if (!pending) return null;
    var s = pending;
    pending = null;
    var event = {
      type: "search", query: s.query, results: s.results, corrected: s.corrected, top: s.top,
      opened: opened || "", rank: opened ? rank : 0, search_id: randomId()
    };
    emit(event);
    var j = journey();
    j.search = { query: s.query, search_id: event.search_id, opened: event.opened };
    j.article = ""; // a new search: an article read before it is not what the customer is on
    j.contacted = false;
    remember(j);
    return event;
  }

  document.addEventListener("kbgen:results", function (e) {
    // What a customer writes in the contact form is a message to the shop, not a search.
    if (e.target.getAttribute("data-kbgen-search") === "contact") return;
    var d = e.detail || {}, query = clip(d.query, LIMITS.query);
    var now = Date.now();
    if (pending && now - pending.at > SETTLE_MS && query !== pending.query) finishSearch("", 0);
    if (query.length < 2) return;
    pending = {
      query: query, results: d.results | 0, corrected: clip(d.corrected, LIMITS.corrected),
      top: d.top || "", at: now
    };
  });

  document.addEventListener("kbgen:open", function (e) {
    var d = e.detail || {};
    finishSearch(sitePath(new URL(d.url || "", base).href), d.rank | 0);
  });

  // Results opened with the mouse (or a tap): the link itself says where it goes.
  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("[data-kbgen-results] a[href]");
    if (!link || !pending) return;
    var links = Array.prototype.slice.call(link.closest("[data-kbgen-results]").querySelectorAll("a[href]"));
    finishSearch(sitePath(link.href), links.indexOf(link) + 1);
  }, true);

  /* ---------------------------------------------------------------- articles and contact */

  function startArticle() {
    var j = journey(), from = j.search && j.search.opened === article ? j.search : null;
    emit({ type: "read", page: article, query: from ? from.query : "", search_id: from ? from.search_id : "" });
    j.article = article;
    j.contacted = false;
    remember(j);
  }

  function contacted() {
    finishSearch("", 0);
    var j = journey();
    if (j.contacted) return;
    emit({
      type: "contact", page: here, query: j.search ? j.search.query : "",
      search_id: j.search ? j.search.search_id : "", article: j.article || ""
    });
    j.contacted = true;
    remember(j);
  }

  function isContactLink(link) {
    var href = link.getAttribute("href") || "";
    return /^mailto:/i.test(href) || link.matches(".kb-contact-link, [data-kbgen-send]") ||
      (contactPage && sitePath(link.href) === contactPage && here !== contactPage);
  }

  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("a[href]");
    if (link && isContactLink(link)) contacted();
  }, true);

  /* ---------------------------------------------------------------- feedback */

  var answer = null; // a "No" waits for its "What was missing?" text, or for the page to go
  function finishFeedback() {
    if (answer) emit(answer);
    answer = null;
  }

  /* ---------------------------------------------------------------- start */

  function pageHidden() {
    finishSearch("", 0);
    finishFeedback();
    flush();
  }
  window.addEventListener("pagehide", pageHidden);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") pageHidden();
  });

  window.kbgenEvents = {
    enabled: enabled,
    feedback: function (page, helpful, missing) {
      answer = { type: "feedback", page: page || article || here, helpful: !!helpful,
        missing: clip(missing, LIMITS.missing) };
      if (helpful || answer.missing) finishFeedback();
    },
    flush: function () { finishSearch("", 0); finishFeedback(); flush(); }
  };

  if (enabled) {
    if (article) startArticle();
    if (contactPage && here === contactPage) contacted();
  }
})();
