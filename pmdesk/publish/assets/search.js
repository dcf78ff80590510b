// pmdesk published site: search over the index written at publish time (window.PMDESK_SEARCH).
// Plain JavaScript that requests nothing (the index comes in a script tag), so it works opened
// from a folder (file://) and from any web server. Every value is put on the page as text (textContent), never as HTML.
(function () {
  "use strict";
  var rows = window.PMDESK_SEARCH || [];
  var STEM = 0, TITLE = 1, ISO = 2, DATE = 3, SEV = 4, STATUS = 5, KIND = 6;
  var SERVICES = 7, TAGS = 8, SUMMARY = 9, WORDS = 10;
  var SHOWN = 100;
  var form = document.getElementById("search-form");
  var input = document.getElementById("q");
  var severity = document.getElementById("severity");
  var count = document.getElementById("search-count");
  var list = document.getElementById("results");
  var folded = null;

  function fold(text) {
    return (text.normalize ? text.normalize("NFKC") : text).toLowerCase();
  }

  // Each row's searchable fields, folded once, on first use.
  function prepare() {
    folded = rows.map(function (r) {
      return {
        title: fold(r[TITLE]),
        tagged: fold(r[SERVICES].join(" ") + " " + r[TAGS].join(" ")),
        summary: fold(r[SUMMARY]),
        words: fold(r[WORDS])
      };
    });
  }

  // Words, and "quoted phrases" kept whole.
  function terms(query) {
    var out = [];
    var re = /"([^"]+)"|(\S+)/g;
    var m;
    while ((m = re.exec(fold(query))) !== null) {
      out.push((m[1] || m[2]).trim());
    }
    return out.filter(function (t) { return t.length > 0; });
  }

  function score(f, words) {
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var w = words[i];
      var s = 0;
      if (f.title.indexOf(w) >= 0) s += 8;
      if (f.tagged.indexOf(w) >= 0) s += 5;
      if (f.summary.indexOf(w) >= 0) s += 3;
      if (f.words.indexOf(w) >= 0) s += 1;
      if (s === 0) return 0;
      total += s;
    }
    return total;
  }

  // The summary around the first match, the matched words marked.
  function snippet(row, words) {
    var text = row[SUMMARY] || row[WORDS];
    var lower = fold(text);
    var at = -1;
    for (var i = 0; i < words.length; i++) {
      var found = lower.indexOf(words[i]);
      if (found >= 0 && (at < 0 || found < at)) at = found;
    }
    if (at < 0) at = 0;
    var start = Math.max(0, at - 80);
    var piece = text.slice(start, start + 220);
    var p = document.createElement("p");
    p.className = "snippet";
    p.dir = "auto";
    if (start > 0) p.appendChild(document.createTextNode("…"));
    var low = fold(piece);
    var pos = 0;
    while (pos < piece.length) {
      var next = -1, len = 0;
      for (var j = 0; j < words.length; j++) {
        var k = low.indexOf(words[j], pos);
        if (k >= 0 && (next < 0 || k < next)) { next = k; len = words[j].length; }
      }
      // Folding may change a text's length (a ligature, a full-width letter); then the
      // positions differ and nothing is marked.
      if (next < 0 || low.length !== piece.length) {
        p.appendChild(document.createTextNode(piece.slice(pos)));
        break;
      }
      p.appendChild(document.createTextNode(piece.slice(pos, next)));
      var mark = document.createElement("mark");
      mark.textContent = piece.slice(next, next + len);
      p.appendChild(mark);
      pos = next + len;
    }
    if (start + 220 < text.length) p.appendChild(document.createTextNode("…"));
    return p;
  }

  function item(row, words) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = "pm/" + encodeURIComponent(row[STEM]) + ".html";
    a.textContent = row[TITLE];
    a.dir = "auto";
    li.appendChild(a);
    var meta = document.createElement("div");
    meta.className = "meta";
    var parts = [row[DATE] || "No date yet"];
    var badge = document.createElement("span");
    badge.className = "sev sev-" + row[SEV].toLowerCase();
    badge.textContent = row[SEV];
    meta.appendChild(document.createTextNode(parts[0] + " · "));
    meta.appendChild(badge);
    var rest = [];
    if (row[KIND] !== "Incident") rest.push(row[KIND]);
    if (row[SERVICES].length) rest.push(row[SERVICES].join(", "));
    rest.push(row[STATUS]);
    meta.appendChild(document.createTextNode(" · " + rest.join(" · ")));
    li.appendChild(meta);
    if (words.length) li.appendChild(snippet(row, words));
    return li;
  }

  function run() {
    if (folded === null) prepare();
    var words = terms(input.value);
    var level = severity.value;
    var hits = [];
    for (var i = 0; i < rows.length; i++) {
      if (level && rows[i][SEV] !== level) continue;
      var s = words.length ? score(folded[i], words) : 1;
      if (s > 0) hits.push([s, i]);
    }
    // Best first; the index is newest first, so equal scores stay newest first.
    hits.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!words.length && !level) {
      count.textContent = rows.length + (rows.length === 1 ? " postmortem" : " postmortems") +
        " published. Type words from any part of one: title, summary, timeline, factors, actions.";
      return;
    }
    var n = hits.length;
    count.textContent = n === 0 ? "No postmortem matches." :
      n + (n === 1 ? " postmortem matches." : " postmortems match.") +
      (n > SHOWN ? " The first " + SHOWN + " are shown; add words to narrow it." : "");
    var frag = document.createDocumentFragment();
    for (var j = 0; j < Math.min(n, SHOWN); j++) frag.appendChild(item(rows[hits[j][1]], words));
    list.appendChild(frag);
  }

  function fromAddress() {
    var params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    severity.value = params.get("severity") || "";
    var header = document.querySelector("header.site input[name=q]");
    if (header) header.value = input.value;
  }

  var timer = null;
  function soon() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      run();
      var params = new URLSearchParams();
      if (input.value) params.set("q", input.value);
      if (severity.value) params.set("severity", severity.value);
      var query = params.toString();
      try {
        history.replaceState(null, "", query ? "?" + query : window.location.pathname);
      } catch (e) { /* some browsers refuse this on file:// pages; the search still works */ }
    }, 120);
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); soon(); });
  input.addEventListener("input", soon);
  severity.addEventListener("change", soon);
  fromAddress();
  run();
})();
