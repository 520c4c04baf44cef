/* kbgen search: the search boxes. Each element with [data-kbgen-search] ("hero", "header"
 * or "contact") gets a Widget; search-index.js loads the index (kbgenSearch.load()) and
 * search-engine.js ranks. Results render as they arrive; a search box whose index cannot
 * load says so (Widget.fail) instead of staying silent. What the contact page's box does
 * besides searching (the send button) is contact.js's.
 */
(function () {
  "use strict";

  var base = kbgenSearch.base;
  // Opened from disk (file://) a folder URL shows a file listing: link its index.html.
  var fromDisk = window.location.protocol === "file:";
  function pageUrl(url) {
    var href = base + url;
    return fromDisk && /\/$/.test(href) ? href + "index.html" : href;
  }

  var widgetCount = 0;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text != null) node.textContent = text;
    return node;
  }

  var i18n = window.kbgenI18n;  // the interface strings in the site's language (i18n.js)

  function Widget(root) {
    this.root = root;
    this.variant = root.getAttribute("data-kbgen-search") || "header";
    this.input = root.querySelector("[data-kbgen-input]");
    this.list = root.querySelector("[data-kbgen-results]");
    this.panel = root.querySelector("[data-kbgen-panel]");
    this.notice = root.querySelector("[data-kbgen-notice]");
    this.empty = root.querySelector("[data-kbgen-empty]");
    this.contactLine = root.querySelector("[data-kbgen-contact]");
    this.status = root.querySelector("[data-kbgen-status]");
    this.limit = parseInt(root.getAttribute("data-kbgen-limit") || "8", 10);
    this.id = "kbgen-" + this.variant + "-" + (++widgetCount);
    this.active = -1;
    this.hits = [];
    this.searcher = null;
    this.searches = 0;  // numbers each search, so a slower earlier one never overwrites
    this.isCombobox = this.input.getAttribute("role") === "combobox";
    this.bind();
  }

  Widget.prototype.bind = function () {
    var self = this;
    this.input.addEventListener("focus", function () { self.ensureEngine(); });
    this.input.addEventListener("input", function () { self.ensureEngine(true); });
    this.input.addEventListener("keydown", function (e) { self.onKey(e); });
    this.root.addEventListener("submit", function (e) {
      if (self.variant !== "contact") {
        e.preventDefault();
        self.openActive(true);
      }
    });
    if (this.isCombobox) {
      document.addEventListener("pointerdown", function (e) {
        if (!self.root.contains(e.target)) self.close();
      });
      this.root.addEventListener("focusout", function (e) {
        if (e.relatedTarget && !self.root.contains(e.relatedTarget)) self.close();
      });
    }
  };

  Widget.prototype.ensureEngine = function (update) {
    var self = this;
    if (this.searcher) { if (update) this.update(); return; }
    kbgenSearch.load().then(function (searcher) {
      self.searcher = searcher;
      self.update();
    }, function (err) { self.fail(err); });
  };

  Widget.prototype.update = function () {
    if (!this.searcher) return;
    var self = this, query = this.input.value, number = ++this.searches;
    this.active = -1;
    if (!query.trim()) {
      this.hits = [];
      this.render(query, null, true);
      return;
    }
    this.searcher.search(query, this.limit).then(function (result) {
      if (number !== self.searches) return;  // the customer typed on meanwhile
      self.hits = result.hits;
      self.render(query, result.corrected, false);
      self.tell("kbgen:results", { query: query, results: result.hits.length,
        corrected: result.corrected || "", top: result.hits.length ? result.hits[0].url : "" });
    }, function (err) { if (number === self.searches) self.fail(err); });
  };

  // Site events (kbgen-events.js) listen for these; nothing here waits for them.
  Widget.prototype.tell = function (name, detail) {
    this.root.dispatchEvent(new CustomEvent(name, { bubbles: true, detail: detail }));
  };

  /* Search could not load (a file missing or broken): say so where the results would be. */
  Widget.prototype.fail = function (err) {
    this.root.setAttribute("data-kbgen-error", String(err && err.message || err));
    if (!this.errorBox) {
      this.errorBox = el("p", { class: "kbgen-search__error", role: "alert", "data-kbgen-load-error": "" });
      this.errorBox.appendChild(i18n.nodes("search.load_error", {
        topics: el("a", { href: pageUrl("") }, i18n.t("search.browse_topics")),
        ask: el("a", { href: pageUrl("contact/") }, i18n.t("search.ask_us_inline"))
      }));
      (this.panel || this.root).insertBefore(this.errorBox, (this.panel || this.root).firstChild);
    }
    this.errorBox.hidden = false;
    if (this.list) this.list.hidden = true;
    if (this.empty) this.empty.hidden = true;
    if (this.panel) this.panel.hidden = false;
    this.root.classList.add("kbgen-search--open");
  };

  Widget.prototype.render = function (query, corrected, blank) {
    var self = this, list = this.list;
    if (this.errorBox) this.errorBox.hidden = true;
    this.root.removeAttribute("data-kbgen-error");
    list.textContent = "";
    this.hits.forEach(function (hit, i) {
      var li = el("li", { class: "kbgen-result" });
      var a = el("a", { href: pageUrl(hit.url), class: "kbgen-result__link" });
      if (self.isCombobox) {
        // The link itself is the option: an option must not hold another interactive element.
        li.setAttribute("role", "none");
        a.setAttribute("id", self.id + "-opt-" + i);
        a.setAttribute("role", "option");
        a.setAttribute("aria-selected", "false");
        a.setAttribute("tabindex", "-1");
      }
      a.appendChild(el("span", { class: "kbgen-result__title" }, hit.title));
      a.appendChild(el("span", { class: "kbgen-result__summary" }, hit.summary));
      a.appendChild(el("span", { class: "kbgen-result__category" }, hit.category));
      li.appendChild(a);
      li.addEventListener("mousedown", function (e) { e.preventDefault(); });
      list.appendChild(li);
    });
    if (this.notice) {
      this.notice.textContent = "";
      this.notice.hidden = !corrected;
      if (corrected) {
        this.notice.appendChild(i18n.nodes("search.showing_results_for",
          { query: el("strong", {}, corrected) }));
      }
    }
    var nothing = !blank && this.hits.length === 0;
    if (this.empty) {
      this.empty.hidden = !nothing;
      if (nothing) this.renderEmpty();
    }
    if (this.contactLine) {
      this.contactLine.hidden = this.hits.length === 0;
      if (this.hits.length) this.renderContactLine();
    }
    list.hidden = this.hits.length === 0;
    list.setAttribute("data-kbgen-query", query);
    list.setAttribute("data-kbgen-count", String(this.hits.length));
    this.setOpen(!blank);
    if (this.status) {
      var text = blank ? "" : nothing ? i18n.t("search.nothing_found")
        : (corrected ? i18n.t("search.showing_results_for", { query: corrected }) + ". " : "") +
          i18n.plural("search.found", this.hits.length);
      // Announce once typing pauses, so screen readers are not flooded with counts.
      clearTimeout(this.statusTimer);
      var status = this.status;
      this.statusTimer = setTimeout(function () { status.textContent = text; }, 500);
    }
  };

  // "Not what you need? Ask us: we reply ..." under every list of results.
  Widget.prototype.renderContactLine = function () {
    var contact = this.searcher.meta.contact, p = this.contactLine;
    p.textContent = "";
    p.appendChild(i18n.nodes(
      contact.replyTime ? "search.not_what_you_need_reply" : "search.not_what_you_need",
      { ask: el("a", { href: pageUrl(contact.url) }, i18n.t("search.ask_us")), reply_time: contact.replyTime }));
  };

  // Below the floor no article is shown: the topics, the most asked and a person instead.
  Widget.prototype.renderEmpty = function () {
    var data = this.searcher.meta, box = this.empty;
    box.textContent = "";
    box.appendChild(el("p", { class: "kbgen-empty__lead" }, i18n.t("search.empty_lead")));
    function section(title, items) {
      if (!items.length) return;
      box.appendChild(el("p", { class: "kbgen-empty__title" }, title));
      var ul = el("ul", { class: "kbgen-empty__list" });
      items.forEach(function (item) {
        var li = el("li");
        li.appendChild(el("a", { href: pageUrl(item.url) }, item.title));
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    section(i18n.t("search.most_asked"), data.mostAsked);
    section(i18n.t("search.topics"), data.categories);
    var contact = data.contact, p = el("p", { class: "kbgen-empty__contact" });
    p.appendChild(i18n.nodes(contact.replyTime ? "search.still_stuck_reply" : "search.still_stuck", {
      ask: el("a", { href: pageUrl(contact.url) }, i18n.t("search.ask_us")), reply_time: contact.replyTime }));
    box.appendChild(p);
  };

  Widget.prototype.setOpen = function (open) {
    if (this.panel) this.panel.hidden = !open;
    if (this.isCombobox) {
      this.input.setAttribute("aria-expanded", open && this.hits.length ? "true" : "false");
      if (!open) this.setActive(-1);
    }
    this.root.classList.toggle("kbgen-search--open", !!open);
  };

  Widget.prototype.close = function () { this.setOpen(false); };

  Widget.prototype.setActive = function (index) {
    var options = this.list.querySelectorAll("[role=option]");
    if (this.active >= 0 && options[this.active]) {
      options[this.active].setAttribute("aria-selected", "false");
      options[this.active].parentNode.classList.remove("kbgen-result--active");
    }
    this.active = index;
    if (index >= 0 && options[index]) {
      options[index].setAttribute("aria-selected", "true");
      options[index].parentNode.classList.add("kbgen-result--active");
      options[index].scrollIntoView({ block: "nearest" });
      this.input.setAttribute("aria-activedescendant", options[index].id);
    } else {
      this.input.removeAttribute("aria-activedescendant");
    }
  };

  Widget.prototype.openActive = function (fallbackFirst) {
    var index = this.active >= 0 ? this.active : (fallbackFirst ? 0 : -1);
    var hit = this.hits[index];
    if (!hit) return;
    this.tell("kbgen:open", { url: hit.url, rank: index + 1 });
    window.location.href = pageUrl(hit.url);
  };

  Widget.prototype.onKey = function (e) {
    if (!this.isCombobox) return;
    var n = this.hits.length;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (this.panel && this.panel.hidden) this.update();
      if (!n) return;
      e.preventDefault();
      var next = e.key === "ArrowDown" ? this.active + 1 : this.active - 1;
      if (next >= n) next = 0;
      if (next < 0) next = n - 1;
      this.setActive(next);
    } else if (e.key === "Enter") {
      if (n) { e.preventDefault(); this.openActive(true); }
    } else if (e.key === "Escape") {
      e.preventDefault();
      if (this.panel && !this.panel.hidden) this.close();
      else { this.input.value = ""; this.update(); }
    }
  };

  /* ---------------------------------------------------------------- start */

  function start() {
    var leading = [], roots = document.querySelectorAll("[data-kbgen-search]");
    for (var i = 0; i < roots.length; i++) {
      if (roots[i].querySelector("[data-kbgen-input]")) {
        var widget = new Widget(roots[i]);
        roots[i].kbgenWidget = widget;
        if (widget.variant !== "header") leading.push(widget);
        if (widget.input.value) widget.ensureEngine(true);
      }
    }
    // Load the index early on pages that lead with search, so the first keystroke is instant;
    // if it cannot load, say so there at once.
    if (document.querySelector("[data-kbgen-search='hero'], [data-kbgen-search='contact']")) {
      kbgenSearch.load().catch(function (err) {
        leading.forEach(function (widget) { widget.fail(err); });
      });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
