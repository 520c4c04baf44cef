/* kbgen search: the prebuilt lunr index, searched as the customer types.
 *
 * The query steps mirror kbgen/search/engine.py and analysis.py (one algorithm, written
 * twice, tested for parity): words() -> synonyms -> typo correction -> weighted lunr
 * clauses. Tables and weights come from the index file, so only the code is repeated.
 *
 * Widgets: every element with [data-kbgen-search] ("hero", "header" or "contact").
 */
(function () {
  "use strict";

  var hasOwn = function (obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); };

  /* ---------------------------------------------------------------- the engine */

  function Engine(data) {
    this.index = lunr.Index.load(data.index);
    this.docs = data.docs;
    this.synonyms = data.synonyms;
    this.analysis = data.analysis;
    this.tuning = data.tuning;
    this.vocabulary = data.vocabulary.map(function (w) {
      // Python counts letters by code point; split the rare word outside the BMP likewise.
      return /[\uD800-\uDFFF]/.test(w) ? Array.from(w) : w;
    });
    this.vocabularySet = new Set(data.vocabulary);
    this.terms = Object.keys(this.index.invertedIndex).sort();
    this.corrections = new Map();
  }

  Engine.prototype.normalise = function (text) {
    return text.toLowerCase().normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[\u2018\u2019\u201b\u02bc\u02b9`\u00b4\uff07]/g, "'")
      .replace(/[^\p{L}\p{N}']+/gu, " ");
  };

  Engine.prototype.untangle = function (token) {
    var contractions = this.analysis.contractions;
    token = token.replace(/^'+|'+$/g, "");
    if (!token) return [];
    if (hasOwn(contractions, token)) return contractions[token].split(" ");
    if (token.slice(-3) === "n't") return [token.slice(0, -3), "not"].filter(Boolean);
    var suffixes = this.analysis.droppedSuffixes;
    for (var i = 0; i < suffixes.length; i++) {
      if (token.slice(-suffixes[i].length) === suffixes[i]) {
        token = token.slice(0, -suffixes[i].length);
        break;
      }
    }
    token = token.replace(/'/g, "");
    if (hasOwn(contractions, token)) return contractions[token].split(" ");
    return token ? [token] : [];
  };

  Engine.prototype.foldPhrases = function (words) {
    var phrases = this.analysis.phrases, max = this.analysis.maxPhraseWords;
    var out = [], i = 0;
    while (i < words.length) {
      var matched = false;
      for (var n = Math.min(max, words.length - i); n > 0; n--) {
        var key = words.slice(i, i + n).join(" ");
        if (hasOwn(phrases, key)) {
          out.push.apply(out, phrases[key].split(" "));
          i += n;
          matched = true;
          break;
        }
      }
      if (!matched) { out.push(words[i]); i += 1; }
    }
    return out;
  };

  Engine.prototype.words = function (text) {
    var self = this, raw = [];
    this.normalise(text).split(" ").forEach(function (token) {
      if (token) raw.push.apply(raw, self.untangle(token));
    });
    return this.foldPhrases(raw);
  };

  Engine.prototype.isStopWord = function (word) {
    return lunr.stopWordFilter(word) === undefined;
  };

  Engine.prototype.stem = function (word) {
    return lunr.stemmer(new lunr.Token(word)).toString();
  };

  Engine.prototype.knows = function (word) {
    return this.vocabularySet.has(word) || hasOwn(this.index.invertedIndex, this.stem(word));
  };

  Engine.prototype.startsATerm = function (prefix) {
    var terms = this.terms, lo = 0, hi = terms.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (terms[mid] < prefix) lo = mid + 1; else hi = mid;
    }
    return lo < terms.length && terms[lo].slice(0, prefix.length) === prefix;
  };

  Engine.prototype.maxEdits = function (length) {
    if (length >= this.tuning.twoEdits) return 2;
    if (length >= this.tuning.oneEdit) return 1;
    return 0;
  };

  // Edit distance with adjacent swaps (optimal string alignment); limit+1 once above limit.
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var previous2 = null, previous = [], i, j;
    for (j = 0; j <= b.length; j++) previous.push(j);
    for (i = 1; i <= a.length; i++) {
      var current = [i], rowMin = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          value = Math.min(value, previous2[j - 2] + 1);
        }
        current.push(value);
        if (value < rowMin) rowMin = value;
      }
      if (rowMin > limit) return limit + 1;
      previous2 = previous;
      previous = current;
    }
    return previous[b.length];
  }

  Engine.prototype.correct = function (word) {
    if (this.corrections.has(word)) return this.corrections.get(word);
    var chars = Array.from(word), limit = this.maxEdits(chars.length);
    var best = null, bestDistance = limit + 1, vocabulary = this.vocabulary;
    if (limit > 0) {
      for (var i = 0; i < vocabulary.length; i++) {
        var candidate = vocabulary[i];
        if (Math.abs(candidate.length - chars.length) >= bestDistance) continue;
        var d = distance(chars, candidate, bestDistance - 1);
        if (d < bestDistance) {
          best = candidate;
          bestDistance = d;
          if (d === 1) break;
        }
      }
    }
    if (best !== null && typeof best !== "string") best = best.join("");
    this.corrections.set(word, best);
    return best;
  };

  Engine.prototype.plan = function (query) {
    var ws = this.words(query), t = this.tuning, synonyms = this.synonyms;
    var typing = query.length > 0 && !/\s$/.test(query);
    var covered = ws.map(function () { return false; });
    var meanings = [], i = 0, n, j;
    while (i < ws.length) {
      var matched = false;
      for (n = Math.min(t.maxSynonymWords, ws.length - i); n > 0; n--) {
        var key = ws.slice(i, i + n).join(" ");
        if (hasOwn(synonyms, key)) {
          meanings.push.apply(meanings, synonyms[key]);
          for (j = i; j < i + n; j++) covered[j] = true;
          i += n;
          matched = true;
          break;
        }
      }
      if (!matched) i += 1;
    }

    var clauses = [], seen = new Set(), corrections = {}, corrected = false;
    function add(term, boost, prefix) {
      var key = term + (prefix ? "*" : "");
      if (seen.has(key)) return;
      seen.add(key);
      clauses.push({ term: term, boost: boost, prefix: !!prefix });
    }
    var last = ws.length - 1;
    for (i = 0; i < ws.length; i++) {
      var word = ws[i];
      if (this.isStopWord(word)) continue;
      var beingTyped = typing && i === last;
      if (/[0-9]/.test(word) || covered[i] || this.knows(word) ||
          (beingTyped && this.startsATerm(word))) {
        add(word, 1.0, false);
        if (beingTyped && Array.from(word).length >= t.minPrefixLength) {
          add(word, t.prefixBoost, true);
        }
        continue;
      }
      var fixed = this.correct(word);
      if (fixed === null) {
        add(word, 1.0, false);
      } else {
        corrections[word] = fixed;
        corrected = true;
        add(fixed, t.fuzzyBoost, false);
      }
    }
    for (i = 0; i < meanings.length; i++) {
      if (!this.isStopWord(meanings[i])) add(meanings[i], t.synonymBoost, false);
    }
    return {
      clauses: clauses,
      corrections: corrections,
      corrected: corrected ? this.correctedQuery(query, corrections) : null,
    };
  };

  Engine.prototype.correctedQuery = function (query, corrections) {
    var self = this;
    return query.trim().split(/\s+/).map(function (token) {
      var w = self.words(token);
      return w.length === 1 && hasOwn(corrections, w[0]) ? corrections[w[0]] : token;
    }).join(" ");
  };

  Engine.prototype.search = function (query, limit) {
    var plan = this.plan(query), results = [];
    if (plan.clauses.length) {
      results = this.index.query(function (q) {
        plan.clauses.forEach(function (c) {
          q.term(c.term, {
            boost: c.boost,
            usePipeline: !c.prefix,
            wildcard: c.prefix ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE,
          });
        });
      });
    }
    // Best first, ties by URL; compared at 1e-6 like engine.rank_key.
    var docs = this.docs;
    var key = function (score) { return -Math.floor(score * 1e6 + 0.5); };
    results.sort(function (a, b) {
      var d = key(a.score) - key(b.score), ua = docs[a.ref].u, ub = docs[b.ref].u;
      return d !== 0 ? d : (ua < ub ? -1 : ua > ub ? 1 : 0);
    });
    return {
      query: query,
      corrected: plan.corrected,
      hits: results.slice(0, limit || 10).map(function (r) {
        var d = docs[r.ref];
        return { slug: d.u.replace(/\/$/, "").split("/").pop(), title: d.t, summary: d.s, category: d.c, url: d.u, score: r.score };
      }),
    };
  };

  /* ---------------------------------------------------------------- loading */

  var script = document.currentScript;
  var base = (function () {
    var given = (script && script.getAttribute("data-kbgen-base")) ||
      document.documentElement.getAttribute("data-kbgen-base");
    if (given) return new URL(given.replace(/\/?$/, "/"), document.baseURI).href;
    if (script && script.src) return new URL("../../", script.src).href;
    return new URL("./", document.baseURI).href;
  })();

  var loading = null;
  function loadEngine() {
    if (!loading) {
      loading = fetch(base + "search/kbgen-index.json")
        .then(function (r) {
          if (!r.ok) throw new Error("search index: HTTP " + r.status);
          return r.json();
        })
        .then(function (data) {
          var engine = new Engine(data);
          engine.data = data;
          return engine;
        });
    }
    return loading;
  }

  /* ---------------------------------------------------------------- widgets */

  var widgetCount = 0;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text != null) node.textContent = text;
    return node;
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function Widget(root) {
    this.root = root;
    this.variant = root.getAttribute("data-kbgen-search") || "header";
    this.input = root.querySelector("[data-kbgen-input]");
    this.list = root.querySelector("[data-kbgen-results]");
    this.panel = root.querySelector("[data-kbgen-panel]");
    this.notice = root.querySelector("[data-kbgen-notice]");
    this.empty = root.querySelector("[data-kbgen-empty]");
    this.status = root.querySelector("[data-kbgen-status]");
    this.limit = parseInt(root.getAttribute("data-kbgen-limit") || "8", 10);
    this.id = "kbgen-" + this.variant + "-" + (++widgetCount);
    this.active = -1;
    this.hits = [];
    this.engine = null;
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
    if (this.variant === "contact") this.bindContact();
  };

  Widget.prototype.ensureEngine = function (update) {
    var self = this;
    if (this.engine) { if (update) this.update(); return; }
    loadEngine().then(function (engine) {
      self.engine = engine;
      self.update();
    }).catch(function (err) {
      self.root.setAttribute("data-kbgen-error", String(err));
    });
  };

  Widget.prototype.update = function () {
    if (!this.engine) return;
    var query = this.input.value;
    this.active = -1;
    if (!query.trim()) {
      this.hits = [];
      this.render(query, null, true);
      return;
    }
    var result = this.engine.search(query, this.limit);
    this.hits = result.hits;
    this.render(query, result.corrected, false);
  };

  Widget.prototype.render = function (query, corrected, blank) {
    var self = this, list = this.list;
    list.textContent = "";
    this.hits.forEach(function (hit, i) {
      var li = el("li", { class: "kbgen-result" });
      var a = el("a", { href: base + hit.url, class: "kbgen-result__link" });
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
        this.notice.appendChild(document.createTextNode("Showing results for "));
        this.notice.appendChild(el("strong", {}, corrected));
      }
    }
    var nothing = !blank && this.hits.length === 0;
    if (this.empty) {
      this.empty.hidden = !nothing;
      if (nothing) this.renderEmpty();
    }
    list.hidden = this.hits.length === 0;
    list.setAttribute("data-kbgen-query", query);
    list.setAttribute("data-kbgen-count", String(this.hits.length));
    this.setOpen(!blank);
    if (this.status) {
      var text = blank ? "" : nothing ? "No articles found. Topics and contact details are shown."
        : (corrected ? "Showing results for " + corrected + ". " : "") +
          plural(this.hits.length, "article") + " found.";
      // Announce once typing pauses, so screen readers are not flooded with counts.
      clearTimeout(this.statusTimer);
      var status = this.status;
      this.statusTimer = setTimeout(function () { status.textContent = text; }, 500);
    }
  };

  Widget.prototype.renderEmpty = function () {
    var data = this.engine.data, box = this.empty;
    box.textContent = "";
    box.appendChild(el("p", { class: "kbgen-empty__lead" },
      "No article matches those words yet. Try other words, or look here:"));
    function section(title, items) {
      if (!items.length) return;
      box.appendChild(el("p", { class: "kbgen-empty__title" }, title));
      var ul = el("ul", { class: "kbgen-empty__list" });
      items.forEach(function (item) {
        var li = el("li");
        li.appendChild(el("a", { href: base + item.url }, item.title));
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    section("Most asked", data.mostAsked);
    section("Topics", data.categories);
    var contact = data.contact, p = el("p", { class: "kbgen-empty__contact" });
    p.appendChild(document.createTextNode("Still stuck? "));
    p.appendChild(el("a", { href: base + contact.url }, "Ask us"));
    if (contact.replyTime) p.appendChild(document.createTextNode(": we reply " + contact.replyTime + "."));
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
    if (hit) window.location.href = base + hit.url;
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

  /* Ask before you send: hand what the customer wrote to the owner's email or form. */
  Widget.prototype.bindContact = function () {
    var self = this, root = this.root;
    var email = root.getAttribute("data-contact-email") || "";
    var formUrl = root.getAttribute("data-contact-form-url") || "";
    var send = root.querySelector("[data-kbgen-send]");
    if (!send) return;
    function target() {
      var text = self.input.value.trim();
      var subject = text.split(/\n/)[0].slice(0, 80) || "Help request";
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
    this.input.addEventListener("input", refresh);
    refresh();
  };

  /* ---------------------------------------------------------------- start */

  function start() {
    var roots = document.querySelectorAll("[data-kbgen-search]");
    for (var i = 0; i < roots.length; i++) {
      if (roots[i].querySelector("[data-kbgen-input]")) {
        var widget = new Widget(roots[i]);
        roots[i].kbgenWidget = widget;
        if (widget.input.value) widget.ensureEngine(true);
      }
    }
    // Load the index early on pages that lead with search, so the first keystroke is instant.
    if (document.querySelector("[data-kbgen-search='hero'], [data-kbgen-search='contact']")) {
      loadEngine();
    }
  }

  window.kbgenSearch = { load: loadEngine, Engine: Engine, base: base };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
