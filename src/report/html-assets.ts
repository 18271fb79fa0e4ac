// The inline stylesheet and script of the HTML report. They are constants (never built from report data), so
// the page's Content-Security-Policy can allow exactly these two blocks by hash and nothing else.

export const HTML_STYLE = `
:root{--bg:#f7f7f9;--card:#fff;--ink:#1d1f24;--muted:#5d6470;--line:#dfe2e8;--crit:#b3123b;--high:#d9480f;--med:#c79100;--low:#1c7ed6;--info:#868e96;--pass:#2b8a3e;--fail:#c92a2a;--na:#868e96}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header{padding:20px 28px;background:#1d1f24;color:#fff}
header h1{margin:0 0 4px;font-size:22px}
header .meta{color:#c8ccd4;font-size:13px}
main{padding:16px 28px 40px;max-width:1400px}
h2{margin:28px 0 10px;font-size:18px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{margin:16px 0 8px;font-size:15px}
.verdict{display:inline-block;margin-top:8px;padding:4px 10px;border-radius:4px;font-weight:600}
.verdict.fail{background:var(--fail)}.verdict.pass{background:var(--pass)}
.cards{display:flex;flex-wrap:wrap;gap:10px}
.card{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:10px 14px;min-width:120px}
.card .n{font-size:24px;font-weight:700}
.card .l{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.03em}
.card.sev-critical .n{color:var(--crit)}.card.sev-high .n{color:var(--high)}.card.sev-medium .n{color:var(--med)}.card.sev-low .n{color:var(--low)}.card.sev-info .n{color:var(--info)}
.charts{display:flex;flex-wrap:wrap;gap:16px}
.chart{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:8px 12px}
.chart h3{margin:4px 0}
svg text{font:12px system-ui,sans-serif;fill:#1d1f24}
.graph{background:var(--card);border:1px solid var(--line);border-radius:6px;overflow:auto}
.legend{color:var(--muted);font-size:12px;margin:6px 0}
table{border-collapse:collapse;width:100%;background:var(--card)}
th,td{border:1px solid var(--line);padding:5px 7px;text-align:left;vertical-align:top}
th{background:#eef0f4;font-weight:600}
th.sortable{cursor:pointer;user-select:none}
th.sortable::after{content:" \\2195";color:var(--muted)}
th[aria-sort=ascending]::after{content:" \\2191"}th[aria-sort=descending]::after{content:" \\2193"}
td.num{text-align:right}
#findings-table{table-layout:fixed;min-width:1200px}
.c-sev{width:90px}.c-score{width:64px}.c-rule{width:14%}.c-where{width:18%}.c-value{width:10%}.c-life{width:90px}.c-after{width:90px}.c-tool{width:8%}.c-fw{width:13%}.c-what{width:auto}
#findings-table td{overflow-wrap:anywhere}
#findings-table td:nth-child(9) code{white-space:nowrap;display:inline-block;margin:1px 0}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;background:#f1f3f5;padding:1px 4px;border-radius:3px;word-break:break-all}
.badge{display:inline-block;padding:1px 7px;border-radius:10px;font-size:12px;font-weight:600;color:#fff;white-space:nowrap}
.badge.critical{background:var(--crit)}.badge.high{background:var(--high)}.badge.medium{background:var(--med)}.badge.low{background:var(--low)}.badge.info{background:var(--info)}
.badge.pass{background:var(--pass)}.badge.fail{background:var(--fail)}.badge.gap{background:#8a5a00}.badge.not-assessed{background:var(--na)}
.badge.met{background:var(--pass)}.badge.partial{background:var(--med)}.badge.missing{background:var(--fail)}.badge.unknown{background:var(--na)}
.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:8px 0}
.filters input[type=search]{padding:5px 8px;min-width:260px;border:1px solid var(--line);border-radius:4px}
.filters select,.filters button{padding:4px 8px;border:1px solid var(--line);border-radius:4px;background:#fff}
.filters button.active{background:#1d1f24;color:#fff}
.count{color:var(--muted)}
tr.hidden{display:none}
.more{margin:8px 0}
details{margin:4px 0}
summary{cursor:pointer}
.fw-control td:first-child{white-space:nowrap}
.card.sc-met .n{color:var(--pass)}.card.sc-partial .n{color:var(--med)}.card.sc-missing .n{color:var(--fail)}.card.sc-unknown .n{color:var(--na)}
.scorecard-table ul{margin:2px 0;padding-left:16px}.sc-control td:first-child code{word-break:normal;white-space:nowrap}.sc-ev.against li{color:var(--fail)}.sc-ev.for li{color:var(--pass)}.sc-ev li code{color:var(--ink)}
.muted{color:var(--muted)}
.note{background:#fff8db;border:1px solid #f0d98c;padding:6px 10px;border-radius:4px}
footer{color:var(--muted);font-size:12px;padding:0 28px 24px}
`;

/** Client-side sort and filter of the findings table. No network, no eval, no innerHTML. */
export const HTML_SCRIPT = `
(function () {
  'use strict';
  var table = document.getElementById('findings-table');
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var search = document.getElementById('filter-text');
  var lifetime = document.getElementById('filter-lifetime');
  var kind = document.getElementById('filter-kind');
  var count = document.getElementById('filter-count');
  var sevButtons = Array.prototype.slice.call(document.querySelectorAll('[data-filter-severity]'));
  var more = document.getElementById('show-more');
  var pageSize = more ? parseInt(more.getAttribute('data-page'), 10) || 500 : 500;
  var limit = pageSize;
  var activeSeverities = {};
  // Read the filter attributes once: the loops below then touch the DOM only to show or hide rows.
  var facts = rows.map(function (row) {
    return { row: row, text: row.getAttribute('data-text'), lifetime: row.getAttribute('data-lifetime'),
      kind: row.getAttribute('data-kind'), severity: row.getAttribute('data-severity'), hidden: row.classList.contains('hidden') };
  });

  function apply() {
    var q = (search && search.value || '').toLowerCase();
    var lt = lifetime ? lifetime.value : '';
    var kd = kind ? kind.value : '';
    var anySev = Object.keys(activeSeverities).length > 0;
    var matched = 0;
    var shown = 0;
    facts.forEach(function (f) {
      var ok = (!q || f.text.indexOf(q) >= 0) && (!lt || f.lifetime === lt) && (!kd || f.kind === kd) &&
        (!anySev || activeSeverities[f.severity]);
      if (ok) matched++;
      var hide = !ok || matched > limit;
      if (!hide) shown++;
      if (hide !== f.hidden) { f.row.classList.toggle('hidden', hide); f.hidden = hide; }
    });
    if (count) count.textContent = shown + ' of ' + rows.length + ' shown' + (matched > shown ? ' (' + matched + ' match)' : '');
    if (more) more.hidden = matched <= shown;
  }
  if (more) more.addEventListener('click', function () { limit += pageSize; apply(); });

  sevButtons.forEach(function (b) {
    b.addEventListener('click', function () {
      var s = b.getAttribute('data-filter-severity');
      if (activeSeverities[s]) delete activeSeverities[s]; else activeSeverities[s] = true;
      b.classList.toggle('active', !!activeSeverities[s]);
      b.setAttribute('aria-pressed', activeSeverities[s] ? 'true' : 'false');
      apply();
    });
  });
  [search, lifetime, kind].forEach(function (el) { if (el) el.addEventListener('input', function () { limit = pageSize; apply(); }); });

  Array.prototype.slice.call(table.tHead.rows[0].cells).forEach(function (th, index) {
    var type = th.getAttribute('data-sort');
    if (!type) return;
    th.classList.add('sortable');
    th.tabIndex = 0;
    function sort() {
      var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
      Array.prototype.slice.call(table.tHead.rows[0].cells).forEach(function (o) { o.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
      var keyed = facts.map(function (f, i) {
        var cell = f.row.cells[index];
        var v = cell.getAttribute('data-v') || cell.textContent;
        return { f: f, i: i, v: type === 'num' ? parseFloat(v) : v };
      });
      keyed.sort(function (a, b) {
        var c = type === 'num' ? a.v - b.v : (a.v < b.v ? -1 : a.v > b.v ? 1 : 0);
        return c * dir || a.i - b.i;
      });
      facts = keyed.map(function (k) { return k.f; });
      var frag = document.createDocumentFragment();
      facts.forEach(function (f) { frag.appendChild(f.row); });
      body.appendChild(frag);
      apply();
    }
    th.addEventListener('click', sort);
    th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
  });
  apply();
})();
`;
