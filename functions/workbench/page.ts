/**
 * The workbench page: the workbook's tabs as read-only tables on the left, the add-on's sidebars on the right.
 * Static: everything it shows comes from /workbench/* as JSON and is put in with textContent, so no cell,
 * tab or sidebar name can become markup. Tables are paged (100 rows) so a 2,400-row tab stays instant.
 */
export const PAGE_HTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Regulars workbench</title>
<style>
  * { box-sizing: border-box; }
  body { margin: 0; font: 13px/1.4 system-ui, sans-serif; color: #202124; display: flex; flex-direction: column; height: 100vh; }
  header { display: flex; gap: 12px; align-items: center; padding: 6px 12px; border-bottom: 1px solid #dadce0; background: #f8f9fa; }
  header h1 { font-size: 15px; margin: 0; }
  #file { color: #5f6368; }
  #layout { flex: 1; display: flex; min-height: 0; }
  #sheet { flex: 1; display: flex; flex-direction: column; min-width: 0; }
  #tools { display: flex; gap: 8px; align-items: center; padding: 6px 12px; }
  #tablewrap { flex: 1; overflow: auto; border-top: 1px solid #dadce0; }
  table { border-collapse: collapse; white-space: nowrap; }
  th, td { border: 1px solid #e0e0e0; padding: 2px 6px; max-width: 240px; overflow: hidden; text-overflow: ellipsis; }
  th { position: sticky; top: 0; background: #f1f3f4; font-weight: 600; z-index: 1; }
  td.rownum, th.rownum { background: #f1f3f4; color: #5f6368; text-align: right; position: sticky; left: 0; }
  tbody tr { cursor: pointer; }
  tbody tr:hover td { background: #f5f8ff; }
  tbody tr.selected td { background: #e8f0fe; }
  #tabs { display: flex; gap: 2px; padding: 4px 8px; border-top: 1px solid #dadce0; background: #f8f9fa; overflow-x: auto; }
  #tabs button, #sidebars button { border: 1px solid transparent; background: none; padding: 4px 10px; cursor: pointer; font: inherit; border-radius: 4px; }
  #tabs button { white-space: nowrap; }
  #tabs button[aria-selected="true"], #sidebars button[aria-selected="true"] { background: #e8f0fe; color: #1967d2; border-color: #d2e3fc; }
  aside { width: 320px; display: flex; flex-direction: column; border-left: 1px solid #dadce0; }
  #sidebars { display: flex; flex-wrap: wrap; gap: 2px; padding: 6px; border-bottom: 1px solid #dadce0; }
  iframe { flex: 1; border: 0; width: 300px; margin: 0 auto; }
  #status { color: #5f6368; }
</style>
</head>
<body>
<header><h1>Regulars workbench</h1><span id="file"></span><span id="status" role="status"></span></header>
<div id="layout">
  <section id="sheet" aria-label="Workbook">
    <div id="tools">
      <input id="filter" type="search" placeholder="Filter rows" aria-label="Filter rows">
      <button id="prev" type="button">‹ Previous</button>
      <button id="next" type="button">Next ›</button>
      <span id="range"></span>
    </div>
    <div id="tablewrap"><table id="grid"><thead></thead><tbody></tbody></table></div>
    <nav id="tabs" aria-label="Tabs"></nav>
  </section>
  <aside aria-label="Sidebars">
    <nav id="sidebars"></nav>
    <iframe id="sidebar" title="Sidebar"></iframe>
  </aside>
</div>
<script>
(function () {
  'use strict';
  var PAGE = 100;
  var state = { tab: null, offset: 0, filter: '', version: 0, selected: null, sidebar: null };
  var $ = function (id) { return document.getElementById(id); };
  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (attrs) Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function getJson(url) {
    return fetch(url).then(function (res) {
      if (!res.ok) return res.text().then(function (t) { throw new Error(t || 'HTTP ' + res.status); });
      return res.json();
    });
  }
  function status(text) { $('status').textContent = text; }

  function renderTabs(tabs) {
    var nav = $('tabs');
    nav.replaceChildren();
    tabs.forEach(function (t) {
      var b = el('button', t.name, { type: 'button', role: 'tab', 'data-tab': t.name, 'aria-selected': String(t.name === state.tab) });
      b.title = t.rows + ' rows';
      b.addEventListener('click', function () { state.tab = t.name; state.offset = 0; renderTabs(tabs); loadRows(); });
      nav.append(b);
    });
  }

  function renderSidebars(names) {
    var nav = $('sidebars');
    nav.replaceChildren();
    names.forEach(function (name) {
      var b = el('button', name, { type: 'button', 'data-sidebar': name, 'aria-selected': String(name === state.sidebar) });
      b.addEventListener('click', function () { openSidebar(name); renderSidebars(names); });
      nav.append(b);
    });
    if (names.length === 0) nav.append(el('span', 'No sidebars built (run npm run build).'));
  }

  function openSidebar(name) {
    state.sidebar = name;
    $('sidebar').src = '/sidebar/' + encodeURIComponent(name);
    $('sidebar').hidden = false;
  }

  function loadRows() {
    if (state.tab === null) return Promise.resolve();
    var q = '/workbench/rows?tab=' + encodeURIComponent(state.tab) + '&offset=' + state.offset + '&limit=' + PAGE + '&q=' + encodeURIComponent(state.filter);
    return getJson(q).then(renderRows, function (e) { status(e.message); });
  }

  function renderRows(data) {
    var head = el('tr');
    head.append(el('th', '', { class: 'rownum' }));
    data.header.forEach(function (h) { head.append(el('th', h)); });
    $('grid').tHead.replaceChildren(head);
    var body = document.createDocumentFragment();
    data.rows.forEach(function (r) {
      var tr = el('tr', null, { 'data-row': String(r.row) });
      if (state.selected && state.selected.tab === state.tab && state.selected.row === r.row) tr.className = 'selected';
      tr.append(el('td', r.row, { class: 'rownum' }));
      r.cells.forEach(function (c) { tr.append(el('td', c === null ? '' : c)); });
      tr.addEventListener('click', function () { select(r.row, tr); });
      body.append(tr);
    });
    $('grid').tBodies[0].replaceChildren(body);
    var last = Math.min(data.offset + data.rows.length, data.total);
    $('range').textContent = data.total === 0 ? 'no rows' : (data.offset + 1) + '–' + last + ' of ' + data.total;
    $('prev').disabled = data.offset === 0;
    $('next').disabled = last >= data.total;
  }

  function select(row, tr) {
    state.selected = { tab: state.tab, row: row };
    Array.prototype.forEach.call(document.querySelectorAll('tbody tr.selected'), function (n) { n.className = ''; });
    tr.className = 'selected';
    fetch('/workbench/select', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(state.selected) })
      .then(function () { status('Selected ' + state.tab + ' row ' + row); });
  }

  function refresh() {
    return getJson('/workbench/state').then(function (s) {
      state.version = s.version;
      $('file').textContent = s.workbook;
      if (state.tab === null || !s.tabs.some(function (t) { return t.name === state.tab; })) state.tab = s.tabs.length ? s.tabs[0].name : null;
      renderTabs(s.tabs);
      return loadRows();
    });
  }

  $('prev').addEventListener('click', function () { state.offset = Math.max(0, state.offset - PAGE); loadRows(); });
  $('next').addEventListener('click', function () { state.offset += PAGE; loadRows(); });
  var timer = null;
  $('filter').addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { state.filter = $('filter').value; state.offset = 0; loadRows(); }, 150);
  });
  window.addEventListener('message', function (e) {
    if (e.origin !== window.location.origin || !e.data || typeof e.data !== 'object') return;
    if (e.data.regularsWorkbench === 'close') { $('sidebar').removeAttribute('src'); $('sidebar').hidden = true; state.sidebar = null; getJson('/workbench/state').then(function (s) { renderSidebars(s.sidebars); }); }
    if (e.data.regularsWorkbench === 'called' && e.data.version !== state.version) refresh().then(function () { status('Workbook saved'); });
  });

  getJson('/workbench/state').then(function (s) {
    renderSidebars(s.sidebars);
    var wanted = new URLSearchParams(window.location.search).get('sidebar');
    var first = wanted && s.sidebars.indexOf(wanted) >= 0 ? wanted : s.sidebars[0];
    if (first) { openSidebar(first); renderSidebars(s.sidebars); }
    return refresh();
  }).then(function () { document.body.setAttribute('data-ready', 'true'); }, function (e) { status(e.message); });
})();
</script>
</body>
</html>
`;
