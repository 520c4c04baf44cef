/* kbgen's interface strings in the site's language. The plugin writes the current language's
 * strings into every page as JSON (script#kbgen-strings, from kbgen/i18n/strings/<lang>.yml and
 * the owner's content/_strings.<lang>.yml); the other scripts read them through kbgenI18n.
 * "{name}" in a string is filled in; plural forms follow Intl.PluralRules ("one", "other"). */
(function () {
  "use strict";
  var strings = {};
  var node = document.getElementById("kbgen-strings");
  try { strings = node ? JSON.parse(node.textContent) : {}; } catch (e) { strings = {}; }
  var lang = document.documentElement.getAttribute("lang") || "en";
  var rules = null;
  try { rules = new Intl.PluralRules(lang); } catch (e) { rules = null; }

  function raw(key) { return Object.prototype.hasOwnProperty.call(strings, key) ? strings[key] : key; }

  // The string with its {names} filled in from `values` (text only).
  function t(key, values) {
    return raw(key).replace(/\{(\w+)\}/g, function (m, name) {
      return values && values[name] != null ? String(values[name]) : m;
    });
  }

  function pluralKey(key, count) {
    var form = rules ? rules.select(count) : (count === 1 ? "one" : "other");
    if (!Object.prototype.hasOwnProperty.call(strings, key + "." + form)) form = count === 1 ? "one" : "other";
    return key + "." + form;
  }

  function plural(key, count, values) {
    var all = { count: count };
    for (var k in values || {}) all[k] = values[k];
    return t(pluralKey(key, count), all);
  }

  // The string as DOM nodes: a {name} whose value is a Node (a link) is put in as that node,
  // so a sentence keeps the word order of its language around the link.
  function nodes(key, values) {
    var fragment = document.createDocumentFragment();
    raw(key).split(/(\{\w+\})/).forEach(function (part) {
      var m = /^\{(\w+)\}$/.exec(part), value = m && values ? values[m[1]] : null;
      if (value && value.nodeType) fragment.appendChild(value);
      else if (m && value != null) fragment.appendChild(document.createTextNode(String(value)));
      else if (part) fragment.appendChild(document.createTextNode(part));
    });
    return fragment;
  }

  window.kbgenI18n = { t: t, plural: plural, nodes: nodes };
})();
