/* kbgen search: loading the prebuilt index, all of it or only the parts a query reads.
 *
 * search/kbgen-index.js holds what every search needs (tables, weights, the layout of the
 * parts) and, on a small site, every part too. On a larger site the parts are files of
 * their own under search/kbgen-index/ (see kbgen/search/shards.py):
 *   t<n>       term shards: each term's lunr posting and field-vector weights
 *   w<length>  typo vocabulary by word length;   d<n>  articles (title, summary, ...)
 *   c<length>  the language's common words by length (always files of their own)
 * Every file is a script calling kbgenSearch.receive(part, content), loaded by a script
 * tag: that works from file:// (a site opened from disk) as well as over HTTP.
 *
 * kbgenSearch.load() resolves to a searcher whose search(query, limit) fetches the parts
 * a query needs and resolves to the engine's result (search-engine.js).
 */
(function () {
  "use strict";

  var FORMAT_VERSION = 3;
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
    this.invertedIndex = Object.create(null);
    this.fieldVectors = Object.create(null);
    this.shardTerms = {};  // term shard number -> its terms, sorted
    this.tokenSet = null;  // rebuilt when term shards arrive
    this.lunrIndex = null;
    this.words = {};  // word length -> {words: [...], ranks: [...], set: Set}
    this.common = {};  // word length -> Set of the language's common words (c<length>)
    this.near = {};  // "length/edits" -> merged vocabulary, most used first
    this.docs = {};  // doc block number -> rows
    var parts = meta.parts || {};
    for (var part in parts) if (hasOwn(parts, part)) this.add(part, parts[part]);
  }

  Store.prototype.add = function (part, content) {
    var kind = part.charAt(0), n = parseInt(part.slice(1), 10);
    if (kind === "t") this.addTerms(n, content);
    else if (kind === "w") this.addWords(n, content);
    else if (kind === "c") this.common[n] = new Set(content);
    else if (kind === "d") this.docs[n] = content;
    this.loaded[part] = true;
  };

  Store.prototype.addTerms = function (n, rows) {
    var fields = this.fields, terms = [];
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i], term = row[0], termIndex = row[1], posting = { _index: termIndex };
      for (var f = 0; f < fields.length; f++) {
        var cell = row[f + 2], refs = {}, number = 0;
        for (var k = 0; k < cell.length; k += 2) {
          number += cell[k];
          var ref = String(number), fieldRef = fields[f] + "/" + ref;
          refs[ref] = NO_METADATA;
          var vector = this.fieldVectors[fieldRef];
          if (!vector) vector = this.fieldVectors[fieldRef] = new lunr.Vector();
          vector.insert(termIndex, cell[k + 1]);
        }
        posting[fields[f]] = refs;
      }
      this.invertedIndex[term] = posting;
      terms.push(term);
    }
    this.shardTerms[n] = terms;
    this.tokenSet = null;
    this.lunrIndex = null;
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
    return this.need("t" + this.termShard(term)) && hasOwn(this.invertedIndex, term);
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

  Store.prototype.index = function (clauses) {
    var self = this;
    clauses.forEach(function (c) { self.clauseParts(c).forEach(function (p) { self.need(p); }); });
    if (this.missing.size) return null;
    if (!this.lunrIndex) {
      var terms = [];
      Object.keys(this.shardTerms).map(Number).sort(function (a, b) { return a - b; })
        .forEach(function (n) { terms.push.apply(terms, self.shardTerms[n]); });
      this.lunrIndex = new lunr.Index({
        invertedIndex: this.invertedIndex,
        fieldVectors: this.fieldVectors,
        tokenSet: lunr.TokenSet.fromArray(terms),
        fields: this.fields,
        pipeline: this.pipeline,
      });
      this.lunrIndex.query = query;
    }
    return this.lunrIndex;
  };

  /* lunr.Index.prototype.query for the queries kbgen makes (every clause optional, over all
   * fields, no edit distance), doing the same arithmetic in the same order, so scores are
   * equal to the last bit, and giving each result the same matchData.metadata
   * ({term: {field: {}}}); without lunr's per-match MatchData, FieldRef and Set objects,
   * which took most of a query's time on large sites. Other queries go to lunr's own. */
  function plusBoost(a, b) { return a + b; }

  function query(fn) {
    var q = new lunr.Query(this.fields), fields = this.fields, optional = lunr.Query.presence.OPTIONAL;
    fn.call(q, q);
    var plain = q.clauses.length > 0 && q.clauses.every(function (c) {
      return c.presence === optional && !c.editDistance && c.fields.length === fields.length &&
        c.fields.every(function (f, i) { return f === fields[i]; });
    });
    if (!plain) return lunr.Index.prototype.query.call(this, fn);
    var queryVectors = Object.create(null), matching = new Map(), termFieldCache = new Set();
    fields.forEach(function (f) { queryVectors[f] = new lunr.Vector(); });
    for (var i = 0; i < q.clauses.length; i++) {
      var clause = q.clauses[i];
      var terms = clause.usePipeline ? this.pipeline.runString(clause.term, { fields: clause.fields })
        : [clause.term];
      for (var m = 0; m < terms.length; m++) {
        clause.term = terms[m];
        var expanded = this.tokenSet.intersect(lunr.TokenSet.fromClause(clause)).toArray();
        for (var j = 0; j < expanded.length; j++) {
          var term = expanded[j], posting = this.invertedIndex[term], termIndex = posting._index;
          for (var k = 0; k < clause.fields.length; k++) {
            var field = clause.fields[k], termField = term + "/" + field;
            queryVectors[field].upsert(termIndex, clause.boost, plusBoost);
            if (termFieldCache.has(termField)) continue;
            var refs = Object.keys(posting[field]);
            for (var l = 0; l < refs.length; l++) {
              var fieldRef = field + "/" + refs[l], match = matching.get(fieldRef);
              if (match === undefined) matching.set(fieldRef, { field: field, ref: refs[l], terms: [term] });
              else match.terms.push(term);  // each term once per field: termFieldCache
            }
            termFieldCache.add(termField);
          }
        }
      }
    }
    var matches = Object.create(null), results = [], self = this;
    matching.forEach(function (match, fieldRef) {
      var score = queryVectors[match.field].similarity(self.fieldVectors[fieldRef]);
      var found = matches[match.ref];
      if (found === undefined) {
        found = matches[match.ref] = { ref: match.ref, score: score, matchData: new lunr.MatchData() };
        results.push(found);
      } else {
        found.score += score;
      }
      var metadata = found.matchData.metadata;
      match.terms.forEach(function (term) {
        if (!(term in metadata)) metadata[term] = Object.create(null);
        if (!(match.field in metadata[term])) metadata[term][match.field] = Object.create(null);
      });
    });
    return results.sort(function (a, b) { return b.score - a.score; });
  }

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
    var last = ws[ws.length - 1];
    if (last && !/\s$/.test(query) && Array.from(last).length >= engine.tuning.minPrefixLength) {
      parts.push.apply(parts, store.prefixShards(last));
    }
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
