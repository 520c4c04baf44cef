/* kbgen search: the query steps, run on the prebuilt lunr index.
 *
 * The steps mirror kbgen/search/engine.py and analysis.py (one algorithm, written twice,
 * tested for parity): words() -> phrases (synonyms, help-desk lexicon) -> typo correction
 * or split -> weighted lunr clauses -> coverage rescoring and the floor below which the
 * "no good match" panel shows. Tables and weights come from the index file, so only the
 * code is repeated.
 *
 * The engine reads the index only through its store (search-index.js), which may hold
 * just the parts loaded so far; each read of a part not loaded yet is noted in
 * store.missing and search() returns null, and the loader runs it again once they are in:
 *   store.meta                 tables and weights (synonyms, analysis, tuning, ...)
 *   store.hasTerm(term)        the index has this (stemmed) term
 *   store.startsATerm(prefix)  some index term starts with prefix
 *   store.hasWord(word)        an article uses this word (the typo vocabulary)
 *   store.wordsNear(n, edits)  vocabulary words of n +- edits letters, most used first
 *   store.ready(clauses)       every term shard these clauses read is in
 *   store.expand(clause)       the index terms a clause reads;  store.postingsOf(term)
 *   store.order(ref)           a ref's place in URL order;  store.doc(ref) -> {t, s, c, u}
 */
(function () {
  "use strict";

  var hasOwn = function (obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); };

  function Engine(store) {
    var meta = store.meta;
    this.store = store;
    this.synonyms = meta.synonyms;
    this.intents = meta.lexicon.intents;
    this.chatter = new Set(meta.lexicon.chatter);
    var maxWords = meta.tuning.maxSynonymWords;
    Object.keys(this.intents).forEach(function (k) {
      maxWords = Math.max(maxWords, k.split(" ").length);
    });
    this.maxPhraseWords = maxWords;
    this.analysis = meta.analysis;
    // The index's language (kbgen/search/language.py): English unless the analysis says.
    this.language = meta.analysis.language || "en";
    this.stopWords = meta.analysis.stopWords ? new Set(meta.analysis.stopWords) : null;
    this.respellings = meta.analysis.respellings || [];
    this.tuning = meta.tuning;
    this.corrections = new Map();
    // Words of the phrases the synonyms and the lexicon know: never corrected, and typo
    // targets after the article words, in string order (engine.phrase_targets).
    var phraseWords = new Set(), self = this;
    Object.keys(this.synonyms).concat(Object.keys(this.intents)).forEach(function (key) {
      key.split(" ").forEach(function (w) { phraseWords.add(w); });
    });
    this.phraseWords = phraseWords;
    this.phraseTargets = Array.from(phraseWords).filter(function (w) {
      return Array.from(w).length > 1 && !self.isStopWord(w);
    }).sort().map(function (w) { return /[\uD800-\uDFFF]/.test(w) ? Array.from(w) : w; });
  }

  Engine.prototype.normalise = function (text) {
    return text.toLowerCase().normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[\u2018\u2019\u201b\u02bc\u02b9`\u00b4\uff07]/g, "'")
      .replace(/[^\p{L}\p{N}']+/gu, " ");
  };

  // Language.untangle: "ß" as "ss", a token with apostrophes -> its longest part.
  Engine.prototype.untangleOther = function (token) {
    token = token.replace(/ß/g, "ss");
    if (token.indexOf("'") < 0) return [token];
    var best = null, bestLength = 0;
    token.split("'").forEach(function (part) {
      var length = Array.from(part).length;
      if (length > bestLength) { best = part; bestLength = length; }
    });
    return best === null ? [] : [best];
  };

  Engine.prototype.untangle = function (token) {
    if (this.language !== "en") return this.untangleOther(token);
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
    if (this.stopWords) return this.stopWords.has(word);
    return lunr.stopWordFilter(word) === undefined;
  };

  // Stems are asked for again and again (per result while rescoring): remember them.
  var stems = new Map();
  Engine.prototype.stem = function (word) {
    var stemmed = stems.get(word);
    if (stemmed === undefined) {
      var stemmer = this.language === "en" ? lunr.stemmer : lunr[this.language].stemmer;
      stemmed = stemmer(new lunr.Token(word)).toString();
      if (stems.size > 50000) stems.clear();
      stems.set(word, stemmed);
    }
    return stemmed;
  };

  Engine.prototype.knows = function (word) {
    return this.store.hasTerm(this.stem(word)) || this.store.hasWord(word);
  };

  // Other spellings of a word, to try before a typo correction (Language.respell):
  // German "ue" for "ü" ("rueckerstattung"), each in turn, then all at once.
  Engine.prototype.respelled = function (word) {
    var out = [], every = word, self = this;
    this.respellings.forEach(function (pair) {
      if (word.indexOf(pair[0]) >= 0) out.push(word.split(pair[0]).join(pair[1]));
    });
    if (out.length > 1) {
      this.respellings.forEach(function (pair) { every = every.split(pair[0]).join(pair[1]); });
      out.push(every);
    }
    for (var i = 0; i < out.length; i++) {
      if (out.indexOf(out[i]) === i && self.knows(out[i])) return out[i];
    }
    return null;
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
      vocabulary = vocabulary.concat(this.phraseTargets.filter(function (w) {
        return Math.abs(w.length - chars.length) <= limit;
      }));
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

  // A word run together from two article words ("giftcard"), or null (engine.split).
  Engine.prototype.split = function (word) {
    var min = this.tuning.minSplitPart, chars = Array.from(word);
    for (var k = min; k <= chars.length - min; k++) {
      var head = chars.slice(0, k).join(""), tail = chars.slice(k).join("");
      if (this.store.hasWord(head) && this.store.hasWord(tail)) return [head, tail];
    }
    return null;
  };

  // A word no article or phrase knows (engine.needs_correction): a typo, two words run
  // together, or a word spelt right that the articles do not use (asked last, in plan).
  Engine.prototype.needsCorrection = function (word, beingTyped) {
    if (this.isStopWord(word) || /[0-9]/.test(word) || this.knows(word)) return false;
    if (this.phraseWords.has(word) || this.chatter.has(word)) return false;
    return !(beingTyped && this.startsATerm(word));
  };

  Engine.prototype.plan = function (query) {
    var ws = this.words(query), t = this.tuning, synonyms = this.synonyms;
    var intents = this.intents, self = this;
    var typing = query.length > 0 && !/\s$/.test(query), last = ws.length - 1;
    var corrections = {}, corrected = false, fixedAt = {}, splitAt = {}, respelledAt = {};
    var relatedAt = {}, i, n, j, respelled;
    // Typos first, so that a corrected word can start or end a phrase ("apointment").
    for (i = 0; i < ws.length; i++) {
      if (!this.needsCorrection(ws[i], typing && i === last)) continue;
      if ((respelled = this.respelled(ws[i])) !== null) {
        respelledAt[i] = respelled;  // the same word, written without its umlaut letter
        continue;
      }
      // Spelt right, not the articles' word: search its kin (engine.plan, related_at).
      var related = this.store.relatedOf(ws[i]);
      if (related === null) continue;  // loading: the search runs again after
      if (related.length) {
        relatedAt[i] = related;
        continue;
      }
      var fixed = this.correct(ws[i]), parts = fixed === null ? this.split(ws[i]) : null;
      // Nothing near, or spelt right (the common words load only for a word with a
      // correction): the articles just do not use it.
      if ((fixed === null && parts === null) || this.store.isCommonWord(ws[i])) continue;
      if (fixed !== null) {
        fixedAt[i] = corrections[ws[i]] = fixed;
        corrected = true;
      } else {
        splitAt[i] = parts;
        corrections[ws[i]] = parts.join(" ");
        corrected = true;
      }
    }
    ws = ws.map(function (w, k) {
      return hasOwn(fixedAt, k) ? fixedAt[k] : hasOwn(respelledAt, k) ? respelledAt[k] : w;
    });
    // Known phrases, longest first at each position, not overlapping: start -> length.
    var spanAt = {};
    i = 0;
    while (i < ws.length) {
      var matched = false;
      for (n = Math.min(this.maxPhraseWords, ws.length - i); n > 0; n--) {
        var key = ws.slice(i, i + n).join(" "), across = false;
        for (j = i; j < i + n; j++) if (hasOwn(splitAt, j)) across = true;
        if (!across && (hasOwn(synonyms, key) || hasOwn(intents, key))) {
          spanAt[i] = n;
          i += n;
          matched = true;
          break;
        }
      }
      if (!matched) i += 1;
    }

    var clauses = [], position = new Map(), concepts = 0;
    // A clause for the concept being planned; a term asked twice keeps its best boost.
    function add(term, boost, match, prefix) {
      var k = term + (prefix ? "*" : "");
      var links = match ? [[concepts, match]] : [];
      if (!position.has(k)) {
        position.set(k, clauses.length);
        clauses.push({ term: term, boost: boost, prefix: !!prefix, links: links });
        return;
      }
      var old = clauses[position.get(k)];
      old.boost = Math.max(old.boost, boost);
      old.links = old.links.concat(links);
    }
    i = 0;
    while (i < ws.length) {
      n = spanAt[i] || 0;
      if (n) {  // a phrase: its words, then its meanings, are one concept
        var phrase = ws.slice(i, i + n).join(" ");
        var idiom = n > 1 && hasOwn(intents, phrase);
        for (j = i; j < i + n; j++) {
          if (this.isStopWord(ws[j])) continue;
          if (hasOwn(fixedAt, j)) {
            add(ws[j], t.fuzzyBoost, t.meaningMatch, false);
            continue;
          }
          add(ws[j], idiom ? t.idiomWordBoost : 1.0, 1.0, false);
          if (typing && j === last && Array.from(ws[j]).length >= t.minPrefixLength) {
            add(ws[j], t.prefixBoost, t.prefixMatch, true);
          }
        }
        [[hasOwn(synonyms, phrase) ? synonyms[phrase] : [], t.synonymBoost],
         [hasOwn(intents, phrase) ? intents[phrase] : [], t.intentBoost]].forEach(function (m) {
          m[0].forEach(function (word) {
            if (!self.isStopWord(word)) add(word, m[1], t.meaningMatch, false);
          });
        });
        concepts += 1;
        i += n;
        continue;
      }
      var word = ws[i];
      i += 1;
      if (this.isStopWord(word)) continue;
      if (hasOwn(fixedAt, i - 1)) {
        add(word, t.fuzzyBoost, t.meaningMatch, false);
      } else if (hasOwn(splitAt, i - 1)) {
        add(splitAt[i - 1][0], t.fuzzyBoost, t.meaningMatch, false);
        add(splitAt[i - 1][1], t.fuzzyBoost, t.meaningMatch, false);
      } else if (this.chatter.has(word)) {
        add(word, 1.0, 0, false);  // searched, but not a part of the question
        continue;
      } else {
        add(word, 1.0, 1.0, false);
        (relatedAt[i - 1] || []).forEach(function (pair) {
          add(pair[0], t.relatedBoost * pair[1], t.relatedMatch * pair[1], false);
        });
        if (typing && i - 1 === last && !hasOwn(respelledAt, i - 1) &&
            Array.from(word).length >= t.minPrefixLength &&
            (/[0-9]/.test(word) || this.knows(word) || this.startsATerm(word))) {
          add(word, t.prefixBoost, t.prefixMatch, true);
        }
      }
      concepts += 1;
    }
    return {
      clauses: clauses,
      concepts: concepts,
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

  /* The plan as the scorer reads it (engine.scoring_query): each index term its clauses
   * read, with the boosts added up (lunr's query vector), the place lunr first meets it,
   * and the coverage it gives; null while parts it reads are still loading. */
  Engine.prototype.scoringQuery = function (plan) {
    var store = this.store, t = this.tuning, self = this;
    if (!store.ready(plan.clauses)) return null;
    var boosts = new Map();
    plan.clauses.forEach(function (clause) {
      store.expand(clause).forEach(function (term) {
        boosts.set(term, (boosts.has(term) ? boosts.get(term) : 0) + clause.boost);
      });
    });
    var strong = store.fields.map(function (f) { return t.strongFields.indexOf(f) >= 0; });
    var terms = [], first = 0;
    boosts.forEach(function (boost, term) {
      var postings = store.postingsOf(term), links = [], anyStrong = false;
      plan.clauses.forEach(function (clause) {
        var hit = clause.prefix ? term.slice(0, clause.term.length) === clause.term
          : term === self.stem(clause.term);
        if (hit) links.push.apply(links, clause.links);
      });
      for (var e = 0; e < postings.field.length && !anyStrong; e++) {
        if (strong[postings.field[e]]) anyStrong = true;
      }
      terms.push({ term: term, postings: postings, boost: boost, first: first++, links: links,
        strong: anyStrong });
    });
    var byIndex = terms.slice().sort(function (a, b) { return a.postings.index - b.postings.index; });
    var squares = 0;
    byIndex.forEach(function (term) { squares += term.boost * term.boost; });
    return {
      terms: terms, byIndex: byIndex, concepts: plan.concepts, magnitude: Math.sqrt(squares),
      strong: strong, bodyMatch: t.bodyMatch, coverage: true, floor: t.coverageFloor,
      docCount: store.meta.docCount,
    };
  };

  /* The first `limit` articles for a plan, best first (lunr's score times coverage squared,
   * engine.ranked), found without scoring every match (search-index.js, rank); null while
   * parts it reads are still loading. The last one is kept: it is asked for again once
   * the articles it shows are loaded. lastWork: what the scoring did (tests read it). */
  Engine.prototype.ranking = function (plan, limit) {
    var key = JSON.stringify([plan.clauses, plan.concepts, limit]);
    if (this.lastRanking && this.lastRanking.key === key) return this.lastRanking.results;
    if (!plan.clauses.length) return [];
    var query = this.scoringQuery(plan);
    if (query === null) return null;  // no use ranking before every part is in
    var work = {}, results = window.kbgenSearch.rank(query, limit, work);
    this.lastWork = work;
    this.lastRanking = { key: key, results: results };
    return results;
  };

  /* The ranked articles for a query, or null while parts of the index it reads are still
   * loading (store.missing names them; the loader fetches them and asks again). */
  Engine.prototype.search = function (query, limit) {
    var plan = this.plan(query), store = this.store, shown = limit || 10;
    // Blended, the words' first `depth` results (meaning.DEPTH), however many are shown.
    var results = this.ranking(plan, store.meaning ? Math.max(shown, store.meaning.depth) : shown);
    var scores = false;
    if (store.meaning) {  // reordered and answered by meaning too (engine.by_meaning)
      var self = this, asked = this.words(plan.corrected || query).filter(function (w) {
        return !self.isStopWord(w);  // stop words have no row (meaning.build)
      });
      // Asked for even while the ranking waits: its parts come in the same round.
      scores = store.meaningScores(asked);
    }
    if (results === null || scores === null) return null;
    if (store.meaning) {
      results = scores
        ? window.kbgenSearch.blend(results, scores, shown, store.meaning.alpha, store.meaning.cut, store.meaning.depth)
        : results.slice(0, shown);
    }
    var hits = results.map(function (r) {
      var d = store.doc(r.ref);
      return d && { slug: d.u.replace(/\/$/, "").split("/").pop(), title: d.t, summary: d.s, category: d.c, url: d.u, score: r.score };
    });
    if (store.missing.size) return null;
    return { query: query, corrected: plan.corrected, hits: hits };
  };

  window.kbgenSearch = window.kbgenSearch || {};
  window.kbgenSearch.Engine = Engine;
})();
