/* kbgen search: the query steps, run on the prebuilt lunr index.
 *
 * The steps mirror kbgen/search/engine.py and analysis.py (one algorithm, written twice,
 * tested for parity): words() -> synonyms -> typo correction -> weighted lunr clauses.
 * Tables and weights come from the index file, so only the code is repeated.
 *
 * The engine reads the index only through its store (search-index.js), which may hold
 * just the parts loaded so far; each read of a part not loaded yet is noted in
 * store.missing and search() returns null, and the loader runs it again once they are in:
 *   store.meta                 tables and weights (synonyms, analysis, tuning, ...)
 *   store.hasTerm(term)        the index has this (stemmed) term
 *   store.startsATerm(prefix)  some index term starts with prefix
 *   store.hasWord(word)        an article uses this word (the typo vocabulary)
 *   store.wordsNear(n, edits)  vocabulary words of n +- edits letters, most used first
 *   store.index(clauses)       a lunr.Index holding every term these clauses read
 *   store.order(ref)           a ref's place in URL order;  store.doc(ref) -> {t, s, c, u}
 */
(function () {
  "use strict";

  var hasOwn = function (obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); };

  function Engine(store) {
    var meta = store.meta;
    this.store = store;
    this.synonyms = meta.synonyms;
    this.analysis = meta.analysis;
    this.tuning = meta.tuning;
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
    return this.store.hasTerm(this.stem(word)) || this.store.hasWord(word);
  };

  Engine.prototype.startsATerm = function (prefix) {
    return this.store.startsATerm(prefix);
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
    var best = null, bestDistance = limit + 1;
    if (limit > 0) {
      // The article words within `limit` letters of this length, most used first (a word
      // outside the Basic Multilingual Plane as an array of code points, as Python counts).
      var vocabulary = this.store.wordsNear(chars.length, limit);
      if (vocabulary === null) return null;  // still loading: the search runs again after
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

  /* The ranked articles for a query, or null while parts of the index it reads are still
   * loading (store.missing names them; the loader fetches them and asks again). */
  Engine.prototype.search = function (query, limit) {
    var plan = this.plan(query), results = [], store = this.store;
    if (plan.clauses.length) {
      results = store.index(plan.clauses).query(function (q) {
        plan.clauses.forEach(function (c) {
          q.term(c.term, {
            boost: c.boost,
            usePipeline: !c.prefix,
            wildcard: c.prefix ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE,
          });
        });
      });
    }
    if (store.missing.size) return null;
    // Best first, ties by URL (refs are numbered in URL order); compared at 1e-6 like
    // engine.rank_key.
    var key = function (score) { return -Math.floor(score * 1e6 + 0.5); };
    results.sort(function (a, b) {
      return key(a.score) - key(b.score) || store.order(a.ref) - store.order(b.ref);
    });
    var hits = results.slice(0, limit || 10).map(function (r) {
      var d = store.doc(r.ref);
      return d && { slug: d.u.replace(/\/$/, "").split("/").pop(), title: d.t, summary: d.s, category: d.c, url: d.u, score: r.score };
    });
    if (store.missing.size) return null;
    return { query: query, corrected: plan.corrected, hits: hits };
  };

  window.kbgenSearch = window.kbgenSearch || {};
  window.kbgenSearch.Engine = Engine;
})();
