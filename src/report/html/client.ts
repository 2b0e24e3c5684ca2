/** The page script (inlined; plain ES5-style JS so any browser runs it from a file:// URL). Data comes from the JSON block #vg-data. */
export const CLIENT_JS = `
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('vg-data').textContent);
  var S = D.strings, C = D.cols, N = C.kind.length;
  var $ = function (id) { return document.getElementById(id); };
  var esc = function (t) { return String(t).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); };
  var spec = {}; D.metrics.forEach(function (m) { spec[m.key] = m; });
  var VERDICT = { p: 'pass', f: 'fixed', r: 'reject' };
  var UPLOAD = { u: 'uploaded', f: 'failed', n: 'not sent', d: 'dry run' };
  var ROW_H = 34;

  // Metric columns arrive as base-36 integers in display units (empty: not measured); decoded once to floats.
  var cols = {};
  D.metrics.forEach(function (m) {
    var parts = C.metrics[m.key].split(','), scale = Math.pow(10, m.digits), a = new Float64Array(N);
    for (var i = 0; i < N; i++) a[i] = parts[i] === '' ? NaN : parseInt(parts[i], 36) / scale;
    cols[m.key] = a;
  });
  function val(key, r) { var a = cols[key]; if (!a) return null; var v = a[r]; return v !== v ? null : v; }
  function fmt(key, v) { return v === null ? '–' : v.toFixed(spec[key].digits); }
  function withUnit(key, v) { return v === null ? 'not measured' : fmt(key, v) + (spec[key].unit ? ' ' + spec[key].unit : ''); }
  function pathOf(r) { var d = S[C.dir[r]]; return d === '.' ? C.name[r] : d + '/' + C.name[r]; }
  function linkOf(r) { var d = S[C.link[r]]; return (d === '.' ? '' : d + '/') + C.name[r]; }
  function hrefOf(p) { return p.split('/').map(function (s) { return s === '..' || s === '.' ? s : encodeURIComponent(s); }).join('/'); }
  function findings(r) { var f = C.findings[r], out = []; for (var i = 0; i < f.length; i += 3) out.push({ rule: S[f[i]], severity: f[i + 1] === 0 ? 'error' : f[i + 1] === 1 ? 'warning' : 'info', advice: S[f[i + 2]] }); return out; }
  var lowerPath = new Array(N); for (var i = 0; i < N; i++) lowerPath[i] = pathOf(i).toLowerCase();

  // ---- filtering and sorting -------------------------------------------------------------
  var state = { text: '', verdict: '', rule: '', metric: '', lo: null, hi: null, outputs: true, sort: null, desc: false, active: 0 };
  var order = new Int32Array(0);
  var els = { search: $('f-text'), verdict: $('f-verdict'), rule: $('f-rule'), metric: $('f-metric'), lo: $('f-lo'), hi: $('f-hi'), outputs: $('f-outputs'), count: $('f-count'), scroller: $('rows'), spacer: $('spacer') };

  function ruleFired(r, id) { var f = C.findings[r]; for (var i = 0; i < f.length; i += 3) if (S[f[i]] === id && f[i + 1] < 2) return true; return false; }
  function keep(r) {
    if (!state.outputs && C.kind[r] === 1) return false;
    if (state.verdict && C.verdict[r] !== state.verdict) return false;
    if (state.rule && !ruleFired(r, state.rule)) return false;
    if (state.text && lowerPath[r].indexOf(state.text) < 0 && !(C.speaker[r] >= 0 && S[C.speaker[r]].toLowerCase().indexOf(state.text) >= 0)) return false;
    if (state.metric) {
      var v = val(state.metric, r);
      if (v === null) return false;
      if (state.lo !== null && v < state.lo - 1e-9) return false;
      if (state.hi !== null && v > state.hi + 1e-9) return false;
    }
    return true;
  }
  function sortKey(r) {
    var k = state.sort;
    if (k === 'path') return lowerPath[C.kind[r] === 1 ? C.parent[r] : r];
    if (k === 'verdict') return 'rfp'.indexOf(C.verdict[r]);
    if (k === 'issues') return C.findings[r].length;
    var v = val(k, r); return v === null ? -Infinity : v;
  }
  function apply() {
    var list = [];
    for (var r = 0; r < N; r++) if (keep(r)) list.push(r);
    if (state.sort) {
      var keys = new Array(N); list.forEach(function (r) { keys[r] = sortKey(r); });
      var dir = state.desc ? -1 : 1;
      list.sort(function (a, b) { return keys[a] < keys[b] ? -dir : keys[a] > keys[b] ? dir : a - b; });
    }
    order = Int32Array.from(list);
    state.active = Math.min(state.active, Math.max(0, order.length - 1));
    els.count.textContent = order.length.toLocaleString() + ' of ' + N.toLocaleString() + ' rows';
    els.spacer.style.height = Math.max(order.length * ROW_H, 1) + 'px';
    els.scroller.style.height = Math.min(Math.max(order.length, 3) * ROW_H + 2, Math.max(320, Math.round(window.innerHeight * 0.62))) + 'px';
    $('rows-grid').setAttribute('aria-rowcount', String(order.length + 1));
    drawn = ''; draw();
  }

  // ---- the virtualised table ---------------------------------------------------------------
  var drawn = '';
  var TABLE_METRICS = D.tableMetrics;
  function cell(r, key) {
    var v = val(key, r), bad = false;
    D.limits.forEach(function (l) { if (l.metric === key && v !== null && ((l.lower !== null && v < l.lower) || (l.upper !== null && v > l.upper)) && l.severity === 'error') bad = true; });
    return '<div class="num' + (bad ? ' bad' : '') + '" role="gridcell">' + fmt(key, v) + '</div>';
  }
  function rowHtml(pos) {
    var r = order[pos], f = findings(r), chips = '';
    f.forEach(function (x) { if (x.severity !== 'info') chips += '<span class="chip ' + (x.severity === 'error' ? 'e' : 'w') + '">' + esc(x.rule) + '</span>'; });
    var d = S[C.dir[r]], name = C.kind[r] === 1 ? '↳ ' + esc(C.name[r]) : (d === '.' ? '' : '<span class="d">' + esc(d) + '/</span>') + esc(C.name[r]);
    var html = '<div class="tr' + (C.kind[r] === 1 ? ' out' : '') + (pos === state.active ? ' active' : '') + '" role="row" id="row-' + pos + '" aria-rowindex="' + (pos + 2) + '" data-pos="' + pos + '" style="top:' + pos * ROW_H + 'px"' + (pos === state.active ? ' aria-selected="true"' : '') + '>';
    html += '<div class="path" role="gridcell" title="' + esc(pathOf(r)) + '">' + name + '</div>';
    html += '<div role="gridcell"><span class="badge ' + C.verdict[r] + '">' + VERDICT[C.verdict[r]] + '</span></div>';
    html += '<div role="gridcell">' + chips + '</div>';
    TABLE_METRICS.forEach(function (k) { html += cell(r, k); });
    return html + '</div>';
  }
  function draw() {
    var top = els.scroller.scrollTop, h = els.scroller.clientHeight || 600;
    var first = Math.max(0, Math.floor(top / ROW_H) - 10), last = Math.min(order.length, Math.ceil((top + h) / ROW_H) + 10);
    var key = first + ':' + last + ':' + state.active;
    if (key === drawn) return;
    drawn = key;
    var html = '';
    for (var p = first; p < last; p++) html += rowHtml(p);
    if (order.length === 0) html = '<div class="empty-rows">No file matches these filters.</div>';
    els.spacer.innerHTML = html;
    if (order.length > 0) els.scroller.setAttribute('aria-activedescendant', 'row-' + state.active);
  }
  els.scroller.addEventListener('scroll', function () { requestAnimationFrame(draw); });
  window.addEventListener('resize', function () { drawn = ''; draw(); });
  function setActive(pos, scroll) {
    state.active = Math.max(0, Math.min(order.length - 1, pos));
    if (scroll) {
      var y = state.active * ROW_H, s = els.scroller;
      if (y < s.scrollTop) s.scrollTop = y; else if (y + ROW_H > s.scrollTop + s.clientHeight) s.scrollTop = y + ROW_H - s.clientHeight;
    }
    drawn = ''; draw();
  }
  els.spacer.addEventListener('click', function (e) {
    var tr = e.target.closest('.tr'); if (!tr) return;
    setActive(+tr.dataset.pos, false); openDetail(order[state.active]);
  });
  els.scroller.addEventListener('keydown', function (e) {
    var page = Math.max(1, Math.floor(els.scroller.clientHeight / ROW_H) - 1);
    var moves = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, j: 1, k: -1 };
    if (e.key in moves) setActive(state.active + moves[e.key], true);
    else if (e.key === 'Home') setActive(0, true);
    else if (e.key === 'End') setActive(order.length - 1, true);
    else if (e.key === 'Enter' || e.key === ' ') { if (order.length) openDetail(order[state.active]); }
    else return;
    e.preventDefault();
  });

  // ---- header sorting ------------------------------------------------------------------------
  document.querySelectorAll('.thead [data-sort]').forEach(function (h) {
    h.querySelector('button').addEventListener('click', function () {
      var k = h.dataset.sort;
      if (state.sort === k) state.desc = !state.desc; else { state.sort = k; state.desc = k !== 'path' && k !== 'verdict'; }
      document.querySelectorAll('.thead [data-sort]').forEach(function (o) { o.setAttribute('aria-sort', o.dataset.sort === k ? (state.desc ? 'descending' : 'ascending') : 'none'); });
      apply();
    });
  });

  // ---- filters -------------------------------------------------------------------------------
  function num(input) { var t = input.value.trim(); return t === '' || isNaN(+t) ? null : +t; }
  function readFilters() {
    state.text = els.search.value.trim().toLowerCase(); state.verdict = els.verdict.value; state.rule = els.rule.value;
    state.metric = els.metric.value; state.lo = num(els.lo); state.hi = num(els.hi); state.outputs = els.outputs.checked;
    state.active = 0; els.scroller.scrollTop = 0; apply();
  }
  var timer = 0;
  els.search.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(readFilters, N > 20000 ? 200 : 60); });
  [els.verdict, els.rule, els.metric, els.lo, els.hi, els.outputs].forEach(function (el) { el.addEventListener('change', readFilters); });
  $('f-clear').addEventListener('click', function () { els.search.value = ''; els.verdict.value = ''; els.rule.value = ''; els.metric.value = ''; els.lo.value = ''; els.hi.value = ''; els.outputs.checked = true; readFilters(); });
  function filterTo(changes) {
    Object.keys(changes).forEach(function (k) { els[k].value = changes[k]; });
    readFilters(); $('files').scrollIntoView({ behavior: 'smooth' }); els.scroller.focus({ preventScroll: true });
  }
  document.addEventListener('click', function (e) {
    var t = e.target.closest('[data-metric][data-lo]');
    if (t) { filterTo({ metric: t.dataset.metric, lo: (+t.dataset.lo).toString(), hi: (+t.dataset.hi).toString() }); return; }
    var r = e.target.closest('[data-rule]');
    if (r) { filterTo({ rule: r.dataset.rule, verdict: '' }); return; }
    var v = e.target.closest('[data-verdict]');
    if (v) { filterTo({ verdict: v.dataset.verdict }); return; }
    var dot = e.target.closest('[data-file]');
    if (dot) openDetail(+dot.dataset.file);
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === '/' && document.activeElement.tagName !== 'INPUT') { e.preventDefault(); els.search.focus(); }
    if (e.key === 'Escape' && !$('detail').hidden) closeDetail();
  });

  // ---- the detail panel ----------------------------------------------------------------------
  var lastFocus = null;
  function markKind(k) { return k.indexOf('cut') === 0 ? 'cut' : k.indexOf('kept') === 0 ? 'kept' : k.split(' ')[0]; }
  function timeline(x, duration) {
    var span = x.pictures.spanS || duration || 1, marks = '';
    x.marks.forEach(function (m) {
      if (m[1] >= span) return;
      marks += '<div class="m k-' + markKind(m[0]) + '" style="left:' + (100 * m[1] / span).toFixed(3) + '%;width:' + Math.max(0.25, 100 * (Math.min(m[2], span) - m[1]) / span).toFixed(3) + '%"></div>';
    });
    var ticks = ''; for (var i = 0; i <= 4; i++) ticks += '<span>' + (span * i / 4).toFixed(1) + ' s</span>';
    return '<div class="timeline"><img loading="lazy" src="' + hrefOf(x.pictures.waveform) + '" alt="Waveform over ' + span.toFixed(1) + ' s; the marked spans are listed below" width="960" height="120">' + marks + '</div>' +
      '<div class="timeline"><img loading="lazy" src="' + hrefOf(x.pictures.spectrogram) + '" alt="Spectrogram, 0 to ' + (x.pictures.maxHz / 1000).toFixed(1) + ' kHz" width="960" height="160">' + marks + '</div>' +
      '<div class="axisline">' + ticks + '</div>' +
      '<div class="legend2"><span><i style="background:#f0b429"></i>pause</span><span><i style="background:#8a94a6"></i>leading/trailing silence</span><span><i style="background:#ff2d2d"></i>clipped</span><span><i style="background:#d64545"></i>cut by the fix</span><span><i style="background:#1f9d55"></i>kept in an output</span></div>';
  }
  function limitRows(r) {
    var rows = '';
    D.limits.forEach(function (l) {
      var v = val(l.metric, r), ok = v === null ? null : !((l.lower !== null && v < l.lower) || (l.upper !== null && v > l.upper));
      var lim = l.lower !== null && l.upper !== null ? fmt(l.metric, l.lower) + ' … ' + fmt(l.metric, l.upper) : l.lower !== null ? '≥ ' + fmt(l.metric, l.lower) : l.upper !== null ? '≤ ' + fmt(l.metric, l.upper) : '';
      rows += '<tr' + (ok === false && l.severity === 'error' ? ' class="bad"' : '') + '><td>' + (ok === null ? '·' : ok ? '✓' : l.severity === 'error' ? '<span class="bad">✗</span>' : '!') + '</td><td><code>' + esc(l.rule) + '</code></td><td>' + esc(spec[l.metric].label) + '</td><td>' + withUnit(l.metric, v) + '</td><td>' + esc(lim + (lim && spec[l.metric].unit ? ' ' + spec[l.metric].unit : '')) + '</td><td>' + l.severity + '</td></tr>';
    });
    return rows ? '<table class="plain"><thead><tr><th scope="col"><span class="sr">result</span></th><th scope="col">check</th><th scope="col">metric</th><th scope="col">measured</th><th scope="col">limit</th><th scope="col">severity</th></tr></thead><tbody>' + rows + '</tbody></table>' : '<p class="note">No thresholds known for this page.</p>';
  }
  function openDetail(r) {
    var input = C.kind[r] === 1 ? C.parent[r] : r, x = D.details[input], f = findings(r), h = '';
    var duration = val('durationS', r);
    h += '<button type="button" class="close" id="d-close">Close <kbd>Esc</kbd></button>';
    h += '<h2 id="d-title">' + esc(pathOf(r)) + ' <span class="badge ' + C.verdict[r] + '">' + VERDICT[C.verdict[r]] + '</span></h2>';
    if (C.kind[r] === 1) h += '<p>Fixed output of <button type="button" class="link" data-file="' + input + '">' + esc(pathOf(input)) + '</button></p>';
    h += '<div class="players">';
    h += '<figure><figcaption>' + (C.kind[r] === 1 ? 'Fixed output' : 'Original') + ': ' + esc(linkOf(r)) + '</figcaption><audio controls preload="none" src="' + hrefOf(linkOf(r)) + '"></audio></figure>';
    if (C.kind[r] === 0) for (var o = r + 1; o < N && C.parent[o] === r; o++) h += '<figure><figcaption>Fixed output ' + C.verdict[o].replace('p', '(passes)').replace('r', '(still rejected)') + ': ' + esc(C.name[o]) + '</figcaption><audio controls preload="none" src="' + hrefOf(linkOf(o)) + '"></audio></figure>';
    h += '</div>';
    if (x && x.pictures && C.kind[r] === 0) h += '<h3>Waveform and spectrogram</h3>' + timeline(x, duration);
    else if (C.kind[r] === 0) h += '<p class="note">No pictures for this file (made for ' + esc(D.picturesFor) + ', at most ' + D.maxPictures + '; see <code>voicegate report --pictures</code>).</p>';
    h += '<h3>Findings</h3>';
    if (f.length === 0) h += '<p>No findings: ready to upload.</p>';
    else {
      h += '<ul class="findings">';
      var messages = x && C.kind[r] === 0 ? x.messages : [];
      f.forEach(function (y, i) { h += '<li><span class="chip ' + (y.severity === 'error' ? 'e' : 'w') + '">' + esc(y.rule) + '</span> <b>' + y.severity + '</b> ' + esc(messages[i] || y.advice) + '</li>'; });
      h += '</ul>';
    }
    if (x && x.notes.length && C.kind[r] === 0) h += '<h3>What the fix did</h3><ul>' + x.notes.map(function (n) { return '<li>' + esc(n) + '</li>'; }).join('') + '</ul>';
    h += '<h3>Every check against its limit</h3>' + limitRows(r);
    if (x && x.marks.length && C.kind[r] === 0) {
      h += '<details><summary>Marked spans (' + x.marks.length + ')</summary><table class="plain"><thead><tr><th scope="col">what</th><th scope="col">from</th><th scope="col">to</th></tr></thead><tbody>';
      x.marks.slice(0, 400).forEach(function (m) { h += '<tr><td>' + esc(m[0]) + '</td><td>' + m[1].toFixed(2) + ' s</td><td>' + m[2].toFixed(2) + ' s</td></tr>'; });
      h += '</tbody></table></details>';
    }
    var up = C.upload[r];
    if (up) h += '<h3>Upload</h3><p>' + up.split('').map(function (c) { return UPLOAD[c]; }).join(', ') + '</p>';
    if (C.speaker[r] >= 0) h += '<h3>Speaker</h3><p>Group <b>' + esc(S[C.speaker[r]]) + '</b>, similarity to the group ' + fmt('speakerSimilarity', val('speakerSimilarity', r)) + '</p>';
    var panel = $('detail');
    panel.innerHTML = h; panel.hidden = false;
    lastFocus = document.activeElement;
    $('d-close').addEventListener('click', closeDetail);
    $('d-close').focus();
    location.hash = 'file=' + encodeURIComponent(pathOf(r));
  }
  function closeDetail() { $('detail').hidden = true; history.replaceState(null, '', location.pathname + location.search); if (lastFocus) lastFocus.focus(); }
  window.voicegate = { openDetail: openDetail, rows: function () { return order.length; } };

  var fromHash = decodeURIComponent(location.hash.replace(/^#file=/, ''));
  apply();
  if (fromHash) for (var k = 0; k < N; k++) if (pathOf(k) === fromHash) { openDetail(k); break; }
})();
`;
