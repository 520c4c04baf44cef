/* kbgen search: loading the prebuilt index, all of it or only the parts a query reads.
 *
 * search/kbgen-index.js holds what every search needs (tables, weights, the layout of the
 * parts) and, on a small site, every part too. On a larger site the parts are files of
 * their own under search/kbgen-index/ (see kbgen/search/shards.py):
 *   t<n>       term shards: each term's lunr posting and field-vector weights
 *   w<length>  typo vocabulary by word length;   d<n>  articles (title, summary, ...)
 *   c<length>  the language's common words by length, and the related terms of those the
 *              articles do not use (always files of their own)
 * Every file is a script calling kbgenSearch.receive(part, content), loaded by a script
 * tag: that works from file:// (a site opened from disk) as well as over HTTP.
 *
 * kbgenSearch.load() resolves to a searcher whose search(query, limit) fetches the parts
 * a query needs and resolves to the engine's result (search-engine.js).
 */
(function () {
  "use strict";

  var FORMAT_VERSION = 4;
  var LOAD_TIMEOUT_MS = 20000;
  var NO_METADATA = Object.freeze({});  // lunr only reads a posting's metadata
  var hasOwn = function (obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); };
  var api = window.kbgenSearch = window.kbgenSearch || {};

  var script = document.currentScript;
  var base = api.base = (function () {
    var given = (script && script.getAttribute("data-kbgen-base")) ||
      document.documentElement.getAttribute("data-kbgen-base");
    if (given) return new URL(given.replace(/\/?$/, "/"), document.baseURI).href;
    if (script && script.src) return new URL("../../", script.src).href;
    return new URL("./", document.baseURI).href;
  })();

  /* ---------------------------------------------------------------- script loading */

  var waiting = {};  // part -> {resolve, reject} while its script loads

  api.receive = function (part, content) {
    var w = waiting[part];
    if (w) { delete waiting[part]; w.resolve(content); }
  };

  function loadScript(part, url) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      var timer = setTimeout(function () { fail("took too long"); }, LOAD_TIMEOUT_MS);
      function fail(why) {
        clearTimeout(timer);
        if (waiting[part]) delete waiting[part];
        tag.remove();
        reject(new Error("search index: " + url.split("?")[0].slice(base.length) + " " + why));
      }
      waiting[part] = {
        resolve: function (content) { clearTimeout(timer); tag.remove(); resolve(content); },
        reject: reject,
      };
      tag.async = true;
      tag.src = url;
      tag.onerror = function () { fail("could not be loaded"); };
      // Runs after the script did: a file that did not hand over its part is broken.
      tag.onload = function () { if (waiting[part]) fail("is not a kbgen index file"); };
      document.head.appendChild(tag);
    });
  }

  // A plain script (the stemmer of the index's language, from lunr-languages), in order.
  function loadPlain(url) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = url;
      tag.onload = function () { resolve(); };
      tag.onerror = function () {
        reject(new Error("search index: " + url.slice(base.length) + " could not be loaded"));
      };
      document.head.appendChild(tag);
    });
  }

  function loadLanguage(meta) {
    return (meta.lunr.scripts || []).reduce(function (done, path) {
      return done.then(function () { return loadPlain(base + path); });
    }, Promise.resolve());
  }

  /* ---------------------------------------------------------------- the store */

  function lowerBound(list, value) {
    var lo = 0, hi = list.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (list[mid] < value) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  function startsWith(text, prefix) { return text.slice(0, prefix.length) === prefix; }

  // The index of the last run starting at or before value (runs are given by first items).
  function runOf(firsts, value) {
    var lo = 0, hi = firsts.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (firsts[mid] <= value) lo = mid + 1; else hi = mid;
    }
    return Math.max(lo - 1, 0);
  }

  function Store(meta) {
    this.meta = meta;
    this.layout = meta.layout;
    this.fields = meta.lunr.fields;
    this.pipeline = lunr.Pipeline.load(meta.lunr.pipeline);
    this.missing = new Set();
    this.loaded = {};  // part -> true once its content is in
    this.loading = {};  // part -> promise
    this.rows = Object.create(null);  // term -> its row, as its term shard has it
    this.postings = Object.create(null);  // term -> its postings, once read (postingsOf)
    this.shardTerms = {};  // term shard number -> its terms, sorted
    this.lunrIndex = null;  // lunr's own index of the loaded terms, built only if asked for
    this.words = {};  // word length -> {words: [...], ranks: [...], set: Set}
    this.common = {};  // word length -> Set of the language's common words (c<length>)
    this.related = {};  // word length -> {word: [article word, similarity, ...]} (c<length>)
    this.near = {};  // "length/edits" -> merged vocabulary, most used first
    this.docs = {};  // doc block number -> rows
    this.meaningWords = {};  // word table part number -> {word: [scale, bytes in base64]}
    this.meaningRows = Object.create(null);  // word -> {scale, bytes}, once read
    this.meaning = meta.meaning ? meaningTables(meta.meaning) : null;
    var parts = meta.parts || {};
    for (var part in parts) if (hasOwn(parts, part)) this.add(part, parts[part]);
  }

  Store.prototype.add = function (part, content) {
    var kind = part.charAt(0), n = parseInt(part.slice(1), 10);
    if (kind === "t") this.addTerms(n, content);
    else if (kind === "w") this.addWords(n, content);
    else if (kind === "c") {
      this.common[n] = new Set(content.words);
      this.related[n] = content.related || {};
    }
    else if (kind === "d") this.docs[n] = content;
    else if (kind === "m") this.meaningWords[n] = content;
    this.loaded[part] = true;
  };

  /* ------------------------------------------- search by meaning (kbgen.search.meaning) */

  function bytesOf(base64) {
    var text = atob(base64), out = new Int8Array(text.length);
    for (var i = 0; i < text.length; i++) out[i] = (text.charCodeAt(i) << 24) >> 24;
    return out;
  }

  // The articles' lines: each line's bytes times its scale, as Float64 rows.
  function meaningTables(m) {
    var bytes = bytesOf(m.units), dims = m.dims, lines = m.owners.length;
    var units = new Float64Array(lines * dims);
    for (var i = 0; i < lines; i++) {
      for (var d = 0; d < dims; d++) units[i * dims + d] = bytes[i * dims + d] * m.scales[i];
    }
    return { dims: dims, parts: m.parts, alpha: m.alpha, cut: m.cut, depth: m.depth, units: units, owners: m.owners };
  }

  // 32-bit FNV-1a of a word's UTF-16 code units (analysis.fnv1a): the Bloom filter of known
  // words (mayKnow) and the word table of search by meaning (meaningPart) hash with it.
  function fnv1a(word, seed) {
    var h = seed;
    for (var j = 0; j < word.length; j++) h = Math.imul(h ^ word.charCodeAt(j), 0x01000193) >>> 0;
    return h;
  }

  // The part of the word table that holds a word (meaning.word_part).
  Store.prototype.meaningPart = function (word) {
    return "m" + (fnv1a(word, 0x811c9dc5) % this.meaning.parts);
  };

  // A word's row ({scale, bytes}), false when it has none; null while its part is loading.
  Store.prototype.meaningRow = function (word) {
    if (word in this.meaningRows) return this.meaningRows[word];
    var part = this.meaningPart(word);
    if (!this.need(part)) return null;
    var table = this.meaningWords[+part.slice(1)], row = false;
    if (hasOwn(table, word)) row = { scale: table[word][0], bytes: bytesOf(table[word][1]) };
    return this.meaningRows[word] = row;
  };

  /* Per article (ref number), the meaning of the query's words: its closest line's cosine
   * with their rows added up (Meaning.scores); false when no word has a row; null while a
   * part is loading. */
  Store.prototype.meaningScores = function (words) {
    var m = this.meaning, dims = m.dims, total = new Float64Array(dims), found = false;
    var seen = new Set(), waiting = false;
    for (var w = 0; w < words.length; w++) {
      if (seen.has(words[w])) continue;
      seen.add(words[w]);
      var row = this.meaningRow(words[w]);
      if (row === null) { waiting = true; continue; }
      if (!row) continue;
      found = true;
      for (var d = 0; d < dims; d++) total[d] += row.bytes[d] * row.scale;
    }
    if (waiting) return null;
    var squares = 0;
    for (var e = 0; e < dims; e++) squares += total[e] * total[e];
    var norm = Math.sqrt(squares);
    if (!found || norm === 0) return false;
    var best = new Map();
    for (var i = 0; i < m.owners.length; i++) {
      var dot = 0;
      for (var k = 0; k < dims; k++) dot += m.units[i * dims + k] * total[k];
      var sim = dot / norm, owner = m.owners[i];
      if (!best.has(owner) || sim > best.get(owner)) best.set(owner, sim);
    }
    return best;
  };

  /* The articles to show, best first (meaning.blend): the words' first `depth` results
   * reordered by the mean of their score (scaled to the best) and their meaning, and any
   * other article whose meaning reaches the cut. */
  api.blend = function (lexical, meaning, limit, alpha, cut, depth) {
    var scored = [], byWords = new Map(), top = 0;
    lexical.slice(0, depth).forEach(function (r) {
      byWords.set(r.number, r.score);
      if (r.score > top) top = r.score;
    });
    top = top || 1;
    meaning.forEach(function (sim, n) {
      if (!byWords.has(n) && sim < cut) return;
      scored.push({ number: n, score: alpha * sim + (1 - alpha) * (byWords.has(n) ? byWords.get(n) : 0) / top });
    });
    var key6 = function (score) { return -Math.floor(score * 1e6 + 0.5); };
    scored.sort(function (a, b) { return key6(a.score) - key6(b.score) || a.number - b.number; });
    return scored.slice(0, limit).map(function (r) { return { ref: String(r.number), score: r.score, number: r.number }; });
  };

  // A term shard's rows are kept as they came (term -> row); a term's postings are worked
  // out the first time a query reads it (a shard holds hundreds of terms, a query a few).
  Store.prototype.addTerms = function (n, rows) {
    var terms = [];
    for (var i = 0; i < rows.length; i++) {
      this.rows[rows[i][0]] = rows[i];
      terms.push(rows[i][0]);
    }
    this.shardTerms[n] = terms;
    this.lunrIndex = null;
  };

  /* A term's postings (kbgen.search.scoring.TermPostings): the articles holding it (ref
   * numbers, ascending), each with the fields it is in and its weight there (entries
   * start[i] .. start[i+1] of field / weight), the weights added up (impacts), and the
   * articles' places heaviest first (byImpact). The row has, per field, the articles as
   * [ref number gap, weight, ...], ascending: merged here field by field. */
  Store.prototype.postingsOf = function (term) {
    var found = this.postings[term];
    if (found) return found;
    var row = this.rows[term], nFields = this.fields.length, f, total = 0;
    var at = new Int32Array(nFields), next = new Float64Array(nFields);
    for (f = 0; f < nFields; f++) {
      total += row[f + 2].length / 2;
      next[f] = row[f + 2].length ? row[f + 2][0] : Infinity;
    }
    var docs = new Int32Array(total), start = new Int32Array(total + 1);
    var field = new Uint8Array(total), weight = new Float64Array(total);
    var impacts = new Float64Array(total), d = -1, e = 0, last = -1;
    for (;;) {
      var low = Infinity, which = -1;
      for (f = 0; f < nFields; f++) if (next[f] < low) { low = next[f]; which = f; }
      if (which < 0) break;
      if (low !== last) { d += 1; docs[d] = low; start[d] = e; last = low; }
      var cell = row[which + 2], w = cell[at[which] + 1];
      field[e] = which;
      weight[e] = w;
      impacts[d] += w;
      e += 1;
      at[which] += 2;
      next[which] = at[which] < cell.length ? low + cell[at[which]] : Infinity;
    }
    var count = d + 1;
    start[count] = e;
    docs = docs.subarray(0, count);
    impacts = impacts.subarray(0, count);
    var byImpact = new Int32Array(count);
    for (d = 0; d < count; d++) byImpact[d] = d;
    byImpact.sort(function (a, b) { return impacts[b] - impacts[a] || docs[a] - docs[b]; });
    return this.postings[term] = {
      index: row[1], docs: docs, start: start, field: field, weight: weight,
      impacts: impacts, byImpact: byImpact, top: count ? impacts[byImpact[0]] : 0,
    };
  };

  Store.prototype.addWords = function (length, content) {
    var ranks = [], rank = 0;
    for (var i = 0; i < content.ranks.length; i++) ranks.push(rank += content.ranks[i]);
    this.words[length] = { words: content.words, ranks: ranks, set: new Set(content.words) };
    this.near = {};
  };

  Store.prototype.need = function (part) {
    if (this.loaded[part]) return true;
    this.missing.add(part);
    return false;
  };

  Store.prototype.termShard = function (term) { return runOf(this.layout.terms, term); };

  Store.prototype.hasTerm = function (term) {
    return this.need("t" + this.termShard(term)) && hasOwn(this.rows, term);
  };

  Store.prototype.startsATerm = function (prefix) {
    var n = this.termShard(prefix);
    if (!this.need("t" + n)) return false;
    var terms = this.shardTerms[n], i = lowerBound(terms, prefix);
    if (i < terms.length) return startsWith(terms[i], prefix);
    var next = this.layout.terms[n + 1];  // the first term after this shard
    return next !== undefined && startsWith(next, prefix);
  };

  // The term shards holding every term that starts with prefix (they are consecutive).
  Store.prototype.prefixShards = function (prefix) {
    var firsts = this.layout.terms, first = this.termShard(prefix), last = first;
    while (last + 1 < firsts.length && startsWith(firsts[last + 1], prefix)) last += 1;
    var out = [];
    for (var n = first; n <= last; n++) out.push("t" + n);
    return out;
  };

  Store.prototype.clauseParts = function (clause) {
    if (clause.prefix) return this.prefixShards(clause.term);
    var self = this;
    return this.pipeline.runString(clause.term).map(function (t) { return "t" + self.termShard(t); });
  };

  // Every part these clauses read is in (else they are noted in missing).
  Store.prototype.ready = function (clauses) {
    var self = this;
    clauses.forEach(function (c) { self.clauseParts(c).forEach(function (p) { self.need(p); }); });
    return !this.missing.size;
  };

  /* The index terms a clause reads, as lunr.Index.query expands them and in its order: the
   * word through the search pipeline (the stemmer), or every loaded term starting with a
   * prefix (a TokenSet of those terms lists them as the index's own would). */
  Store.prototype.expand = function (clause) {
    var self = this;
    if (!clause.prefix) {
      return this.pipeline.runString(clause.term, { fields: this.fields })
        .filter(function (t) { return hasOwn(self.rows, t); });
    }
    var terms = [];
    this.prefixShards(clause.term).forEach(function (part) {
      var list = self.shardTerms[+part.slice(1)] || [];
      for (var i = lowerBound(list, clause.term); i < list.length; i++) {
        if (!startsWith(list[i], clause.term)) break;
        terms.push(list[i]);
      }
    });
    if (!terms.length) return [];
    var q = { term: clause.term + "*", wildcard: lunr.Query.wildcard.TRAILING };
    return lunr.TokenSet.fromArray(terms).intersect(lunr.TokenSet.fromClause(q)).toArray();
  };

  /* lunr's own index of the terms loaded so far (for tests that compare the scoring with
   * lunr.Index.prototype.query): field vectors rebuilt from the postings. */
  Store.prototype.lunrIndexOfLoaded = function () {
    if (this.lunrIndex) return this.lunrIndex;
    var self = this, fields = this.fields, vectors = Object.create(null);
    var inverted = Object.create(null), terms = [];
    Object.keys(this.shardTerms).map(Number).sort(function (a, b) { return a - b; })
      .forEach(function (n) { terms.push.apply(terms, self.shardTerms[n]); });
    terms.forEach(function (term) {
      var p = self.postingsOf(term), posting = { _index: p.index };
      fields.forEach(function (f) { posting[f] = {}; });
      for (var d = 0; d < p.docs.length; d++) {
        for (var e = p.start[d]; e < p.start[d + 1]; e++) {
          var ref = String(p.docs[d]), fieldRef = fields[p.field[e]] + "/" + ref;
          posting[fields[p.field[e]]][ref] = NO_METADATA;
          if (!vectors[fieldRef]) vectors[fieldRef] = new lunr.Vector();
          vectors[fieldRef].insert(p.index, p.weight[e]);
        }
      }
      inverted[term] = posting;
    });
    return this.lunrIndex = new lunr.Index({
      invertedIndex: inverted, fieldVectors: vectors, tokenSet: lunr.TokenSet.fromArray(terms),
      fields: fields, pipeline: this.pipeline,
    });
  };

  /* ---------------------------------------------------------------- scoring
   * kbgen.search.scoring, step for step (tests compare both, and both with lunr's own
   * query): the terms in order of the most they can add, each one's articles heaviest
   * first; once an article holding none of the terms read so far could not reach the
   * k-th best score known, no new article is taken in, and the rest only add to those in.
   * The k best are then scored again with lunr's arithmetic in lunr's order. */

  var MARGIN = 1e-9;

  function MinHeap() { this.items = []; }
  MinHeap.prototype.push = function (value) {
    var a = this.items, i = a.length;
    a.push(value);
    while (i > 0) {
      var parent = (i - 1) >> 1;
      if (a[parent] <= a[i]) break;
      var tmp = a[parent]; a[parent] = a[i]; a[i] = tmp; i = parent;
    }
  };
  MinHeap.prototype.replaceTop = function (value) {
    var a = this.items, i = 0, n = a.length;
    a[0] = value;
    for (;;) {
      var l = 2 * i + 1, r = l + 1, m = i;
      if (l < n && a[l] < a[m]) m = l;
      if (r < n && a[r] < a[m]) m = r;
      if (m === i) break;
      var tmp = a[m]; a[m] = a[i]; a[i] = tmp; i = m;
    }
  };
  MinHeap.prototype.offer = function (value, k) {
    if (this.items.length < k) this.push(value);
    else if (value > this.items[0]) this.replaceTop(value);
  };

  // The k-th largest of values (k <= values.length).
  function kthLargest(values, k) {
    var heap = new MinHeap();
    for (var i = 0; i < values.length; i++) heap.offer(values[i], k);
    return heap.items[0];
  }

  // The most coverage an article holding only these terms could have.
  function bestCoverage(query, terms) {
    if (!query.coverage) return 1;
    if (!query.concepts) return 0;
    var best = [], c, sum = 0;
    for (c = 0; c < query.concepts; c++) best.push(0);
    terms.forEach(function (t) {
      var strength = t.strong ? 1.0 : query.bodyMatch;
      t.links.forEach(function (link) { best[link[0]] = Math.max(best[link[0]], strength * link[1]); });
    });
    for (c = 0; c < query.concepts; c++) sum += best[c];
    return sum / query.concepts;
  }

  // lunr's score of one article (scoring.exact): per field the query vector's dot product
  // with the field vector, terms in term-index order, over the query's magnitude; the
  // fields added in the order lunr first met them.
  function exact(query, number) {
    var dots = [], first = [], order = [], total = 0;
    query.byIndex.forEach(function (t) {
      var p = t.postings, d = lowerBound(p.docs, number);
      if (d >= p.docs.length || p.docs[d] !== number) return;
      for (var e = p.start[d]; e < p.start[d + 1]; e++) {
        var f = p.field[e];
        if (dots[f] === undefined) { dots[f] = 0; first[f] = t.first; order.push(f); }
        dots[f] += t.boost * p.weight[e];
        if (t.first < first[f]) first[f] = t.first;
      }
    });
    order.sort(function (a, b) { return first[a] - first[b] || a - b; });
    for (var i = 0; i < order.length; i++) total += dots[order[i]] / query.magnitude;
    return total;
  }

  /* The articles to show, best first, as {ref, score}: all of them when k is null, else the
   * first k of that same list. query: {terms: [{term, postings, boost, first, links,
   * strong}], concepts, magnitude, strong (per field), bodyMatch, coverage, floor, docCount}.
   * work (optional) is filled in: postings read, articles taken in and scored. */
  function rank(query, k, work) {
    work = work || {};
    work.postings = 0; work.taken = 0; work.scored = 0; work.matched = 0; work.exhaustive = false;
    var out = rankOnce(query, k, work);
    if (out === null) {  // the floor needs every article: take them all in
      work.exhaustive = true;
      out = rankOnce(query, null, work);
    }
    return out;
  }

  function rankOnce(query, k, work) {
    var terms = query.terms.slice().sort(function (a, b) {
      return b.boost * b.postings.top - a.boost * a.postings.top ||
        a.postings.index - b.postings.index;
    });
    var concepts = query.concepts, mag = query.magnitude, n = query.docCount;
    var tops = terms.map(function (t) { return t.boost * t.postings.top / mag; });
    var dot = new Float64Array(n), best = new Float64Array(n * Math.max(concepts, 1));
    var isIn = new Uint8Array(n), taken = [], closed = false, closedAt = terms.length;
    function partial(d) {
      var cover = 1;
      if (query.coverage && concepts) {
        cover = 0;
        for (var c = 0; c < concepts; c++) cover += best[d * concepts + c];
        cover /= concepts;
      }
      return dot[d] / mag * cover * cover;
    }
    for (var i = 0; i < terms.length; i++) {
      var term = terms[i], p = term.postings, boost = term.boost, links = term.links;
      var rest = 0;
      for (var j = i + 1; j < terms.length; j++) rest += tops[j];
      var cover = bestCoverage(query, terms.slice(i)), heap = new MinHeap();
      if (k !== null && !closed && taken.length) {
        heap.items = [];
        for (j = 0; j < taken.length; j++) heap.offer(partial(taken[j]), k);
      }
      for (var x = 0; x < p.byImpact.length; x++) {
        var at = p.byImpact[x], d = p.docs[at], fresh = false;
        work.postings += 1;
        if (!isIn[d]) {
          if (closed) continue;
          if (k !== null && heap.items.length >= k) {
            var ceiling = (boost * p.impacts[at] / mag + rest) * cover * cover;
            if (ceiling + MARGIN < heap.items[0]) {
              closed = true;  // and so for every article after it (less weight)
              closedAt = i;
              continue;
            }
          }
          isIn[d] = 1;
          taken.push(d);
          fresh = true;
        }
        var strength = query.bodyMatch;
        for (var e = p.start[at]; e < p.start[at + 1]; e++) {
          dot[d] += boost * p.weight[e];
          if (query.strong[p.field[e]]) strength = 1.0;
        }
        for (j = 0; j < links.length; j++) {
          var slot = d * concepts + links[j][0], value = strength * links[j][1];
          if (value > best[slot]) best[slot] = value;
        }
        if (fresh && k !== null) heap.offer(partial(d), k);
      }
    }
    work.taken = taken.length;
    if (!closed) work.matched = taken.length;

    var covers = new Float64Array(n), kept = [], bestCover = 0;
    taken.forEach(function (d) {
      var sum = 0;
      for (var c = 0; c < concepts; c++) sum += best[d * concepts + c];
      covers[d] = concepts ? sum / concepts : 0;
      if (covers[d] > bestCover) bestCover = covers[d];
    });
    if (query.coverage) {
      if (bestCover < query.floor) {
        if (closed && bestCoverage(query, terms.slice(closedAt)) >= query.floor) return null;
        return [];
      }
      kept = taken.filter(function (d) { return covers[d]; });  // sharing only chatter: not shown
    } else {
      kept = taken;
    }
    if (k !== null && kept.length > k) {
      var kth = kthLargest(kept.map(partial), k);
      kept = kept.filter(function (d) { return partial(d) + MARGIN >= kth; });
    }
    work.scored = kept.length;
    var key6 = function (score) { return -Math.floor(score * 1e6 + 0.5); };
    var results = kept.map(function (d) {
      var score = exact(query, d);
      if (query.coverage) score = score * covers[d] * covers[d];
      return { ref: String(d), score: score, number: d };
    });
    results.sort(function (a, b) { return key6(a.score) - key6(b.score) || a.number - b.number; });
    return k === null ? results : results.slice(0, k);
  }

  api.rank = rank;

  function codePoints(word) { return Array.from(word).length; }

  Store.prototype.hasWord = function (word) {
    var length = codePoints(word);
    if (this.layout.words.indexOf(length) < 0) return false;
    return this.need("w" + length) && this.words[length].set.has(word);
  };

  // A common word of the language, spelt right: never corrected (kbgen.search.typos).
  Store.prototype.isCommonWord = function (word) {
    var length = codePoints(word);
    if (this.layout.common.indexOf(length) < 0) return false;
    return this.need("c" + length) && this.common[length].has(word);
  };

  // The article words related to a word no article uses, as [word, similarity] pairs
  // (kbgen.search.related); null while its part is loading.
  Store.prototype.relatedOf = function (word) {
    var length = codePoints(word);
    if (!this.layout.related || this.layout.common.indexOf(length) < 0) return [];
    if (!this.need("c" + length)) return null;
    var flat = hasOwn(this.related[length], word) ? this.related[length][word] : [], out = [];
    for (var i = 0; i < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
    return out;
  };

  /* The main file's Bloom filter of the index's terms and article words (shards.py,
   * known_filter): false when the word is surely in neither; true when it may be (or there
   * is no filter: a one-file index). */
  Store.prototype.mayKnow = function (word) {
    var known = this.layout.known;
    if (!known) return true;
    if (!this.knownBits) {
      var text = atob(known.data), bytes = new Uint8Array(text.length);
      for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
      this.knownBits = bytes;
    }
    var h1 = fnv1a(word, 0x811c9dc5), h2 = (fnv1a(word, 0x01000193) | 1) >>> 0;
    for (var k = 0; k < known.hashes; k++) {
      var position = ((h1 + Math.imul(k, h2)) >>> 0) % known.bits;
      if (!(this.knownBits[position >> 3] >> (position & 7) & 1)) return false;
    }
    return true;
  };

  // The parts correcting a word of this many letters reads: its word list and those of
  // lengths within `edits`, and the language's common words of its length.
  Store.prototype.typoParts = function (length, edits) {
    var parts = [];
    for (var n = Math.max(1, length - edits); n <= length + edits; n++) {
      if (this.layout.words.indexOf(n) >= 0) parts.push("w" + n);
    }
    if (this.layout.common.indexOf(length) >= 0) parts.push("c" + length);
    return parts;
  };

  Store.prototype.wordsNear = function (length, edits) {
    var key = length + "/" + edits;
    if (this.near[key]) return this.near[key];
    var buckets = [], ready = true;
    for (var n = Math.max(1, length - edits); n <= length + edits; n++) {
      if (this.layout.words.indexOf(n) < 0) continue;
      if (this.need("w" + n)) buckets.push(this.words[n]); else ready = false;
    }
    if (!ready) return null;
    var merged = [];
    buckets.forEach(function (b) {
      for (var i = 0; i < b.words.length; i++) merged.push([b.ranks[i], b.words[i]]);
    });
    merged.sort(function (a, b) { return a[0] - b[0]; });
    return this.near[key] = merged.map(function (pair) {
      var w = pair[1];
      return /[\uD800-\uDFFF]/.test(w) ? Array.from(w) : w;
    });
  };

  Store.prototype.order = function (ref) { return +ref; };

  Store.prototype.doc = function (ref) {
    var number = +ref, n = runOf(this.layout.docs, number);
    if (!this.need("d" + n)) return null;
    var row = this.docs[n][number - this.layout.docs[n]];
    return { t: row[0], s: row[1], c: row[2], u: row[3] };
  };

  Store.prototype.fetch = function (parts) {
    var self = this, version = "?v=" + encodeURIComponent(this.meta.build);
    return Promise.all(parts.filter(function (p) { return !self.loaded[p]; }).map(function (part) {
      if (!self.loading[part]) {
        self.loading[part] = loadScript(part, base + "search/kbgen-index/" + part + ".js" + version)
          .then(function (content) { self.add(part, content); }, function (err) {
            delete self.loading[part];  // a later search tries again
            throw err;
          });
      }
      return self.loading[part];
    }));
  };

  /* ---------------------------------------------------------------- the searcher */

  var MAX_ROUNDS = 8;

  function Searcher(meta) {
    this.meta = meta;
    this.store = new Store(meta);
    this.engine = new api.Engine(this.store);
  }

  Searcher.prototype.words = function (text) { return this.engine.words(text); };
  Searcher.prototype.stem = function (word) { return this.engine.stem(word); };

  // The term shards a query's words and the meanings of its phrases (synonyms and the
  // lexicon's intents) read, fetched in one round before the first try: each round is a
  // wait for the network, so the whole set is worked out up front from the shard table
  // in the main file. Only a guess: the engine asks for anything else it reads.
  Searcher.prototype.firstParts = function (query) {
    var engine = this.engine, store = this.store, parts = [];
    var all = engine.words(query), max = engine.maxPhraseWords;
    var ws = all.filter(function (w) { return !engine.isStopWord(w); });
    function shardOf(word) {
      if (!engine.isStopWord(word)) parts.push("t" + store.termShard(engine.stem(word)));
    }
    ws.forEach(shardOf);
    for (var i = 0; i < all.length; i++) {
      for (var n = Math.min(max, all.length - i); n > 0; n--) {
        var key = all.slice(i, i + n).join(" "), found = false;
        [engine.synonyms, engine.intents].forEach(function (table) {
          if (hasOwn(table, key)) { table[key].forEach(shardOf); found = true; }
        });
        if (found) break;
      }
    }
    if (store.meaning) {
      // The word table's parts of the query's words (search by meaning), as corrected if the
      // parts the correction reads are in (a one-file index): a guess, as above.
      var planned = all;
      try { planned = engine.words(engine.plan(query).corrected || query); } catch (e) { /* a guess */ }
      planned.forEach(function (w) { if (!engine.isStopWord(w)) parts.push(store.meaningPart(w)); });
    }
    var last = ws[ws.length - 1], typing = !/\s$/.test(query);
    if (last && typing && Array.from(last).length >= engine.tuning.minPrefixLength) {
      parts.push.apply(parts, store.prefixShards(last));
    }
    // A word the index surely does not know (not in the main file's filter, nor its stem)
    // is a typo to correct: the word lists that reads come in this round too, not after
    // the term shards said so. (The last word while typed may be a prefix: left alone.)
    ws.forEach(function (w, i) {
      if ((typing && i === ws.length - 1) || /[0-9]/.test(w)) return;
      if (engine.phraseWords.has(w) || engine.chatter.has(w)) return;
      if (store.mayKnow(w) || store.mayKnow(engine.stem(w))) return;
      parts.push.apply(parts, store.typoParts(codePoints(w), engine.maxEdits(codePoints(w))));
    });
    return parts;
  };

  /* Resolves to the engine's result once every part it reads is in. The parts each
   * round of fetching asked for (each one a wait for the network) are kept in
   * lastRounds, for tests and for anyone profiling a slow first result. */
  Searcher.prototype.search = function (query, limit) {
    var self = this, store = this.store, rounds = this.lastRounds = [];
    function fetch(parts) {
      rounds.push(parts.filter(function (p) { return !store.loaded[p]; }));
      return store.fetch(parts);
    }
    function attempt() {
      store.missing = new Set();
      var result = self.engine.search(query, limit);
      if (result) return result;
      if (rounds.length > MAX_ROUNDS) throw new Error("search index: parts keep missing");
      return fetch(Array.from(store.missing)).then(attempt);
    }
    var first = this.firstParts(query).filter(function (p) { return !store.loaded[p]; });
    return first.length ? fetch(first).then(attempt) : Promise.resolve().then(attempt);
  };

  var loading = null;

  /* The searcher, once search/kbgen-index.js is in; rejects with a readable reason. */
  api.load = function () {
    if (!loading) {
      loading = loadScript("index", base + "search/kbgen-index.js").then(function (meta) {
        if (meta.version !== FORMAT_VERSION) {
          throw new Error("search index: format " + meta.version + ", this page reads " +
            FORMAT_VERSION + " (rebuild the site)");
        }
        return loadLanguage(meta).then(function () { return new Searcher(meta); });
      });
      loading.catch(function () { loading = null; });  // the next search tries again
    }
    return loading;
  };
})();
