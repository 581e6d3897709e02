/**
 * The workbench page's script (plain ES2017, inlined by page.ts). Everything it shows arrives as JSON and goes
 * in with textContent. The grid behaves like a sheet: click a cell to select it, double-click, Enter, F2 or
 * just type to edit; Enter saves and moves down, Tab right, Esc cancels. Each edit is one POST /workbench/cell,
 * checked on the server by the workbook codec; a refusal is shown at the cell and the typed text is kept.
 */
export const PAGE_SCRIPT = `(function () {
  'use strict';
  var PAGE = 100;
  var state = { tab: null, offset: 0, filter: '', version: 0, selected: null, sidebar: null, sidebars: [], sidebarLabels: {},
    data: null, active: null, editing: null, tabs: [] };
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
  function postJson(url, body) {
    return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(function (res) {
      var v = Number(res.headers.get('x-workbook-version'));
      return res.json().catch(function () { return {}; }).then(function (json) {
        if (!res.ok) throw new Error(json && json.error ? String(json.error) : 'HTTP ' + res.status);
        return { json: json, version: v };
      });
    });
  }
  function status(text) { $('status').textContent = text; }
  function label(name) { return state.sidebarLabels[name] || name; }

  // ---- tabs ----
  function renderTabs(tabs) {
    state.tabs = tabs;
    var nav = $('tabs');
    nav.replaceChildren();
    tabs.forEach(function (t) {
      var b = el('button', t.name, { type: 'button', role: 'tab', 'data-tab': t.name, 'aria-selected': String(t.name === state.tab) });
      b.title = t.rows + ' rows';
      b.addEventListener('click', function () { state.tab = t.name; state.offset = 0; state.active = null; renderTabs(tabs); loadRows(); });
      nav.append(b);
    });
  }

  // ---- sidebars ----
  // "Start here" comes first: it is the first screen, and it opens the others.
  function ordered(names) {
    return names.filter(function (n) { return n === 'start-here'; }).concat(names.filter(function (n) { return n !== 'start-here'; }));
  }

  function renderSidebars() {
    var nav = $('sidebars');
    nav.replaceChildren();
    ordered(state.sidebars).forEach(function (name) {
      var b = el('button', label(name), { type: 'button', 'data-sidebar': name, 'aria-selected': String(name === state.sidebar) });
      b.title = name;
      b.addEventListener('click', function () { openSidebar(name); });
      nav.append(b);
    });
    if (state.sidebars.length === 0) nav.append(el('span', 'No sidebars built (run npm run build).'));
  }

  function openSidebar(name) {
    state.sidebar = name;
    $('sidebar').src = '/sidebar/' + encodeURIComponent(name);
    $('sidebar').hidden = false;
    renderSidebars();
  }

  /** Tells the sidebar shown what it may need from the page: which sidebars exist, or that the workbook changed. */
  function tellSidebar(message) {
    var frame = $('sidebar').contentWindow;
    if (frame && state.sidebar !== null) frame.postMessage(message, window.location.origin);
  }

  // ---- the grid ----
  var loads = 0;
  function loadRows() {
    if (state.tab === null) return Promise.resolve();
    var q = '/workbench/rows?tab=' + encodeURIComponent(state.tab) + '&offset=' + state.offset + '&limit=' + PAGE + '&q=' + encodeURIComponent(state.filter);
    var asked = ++loads;
    // Only the latest request may draw: a slower answer to an older one (a filter typed just before) is dropped.
    return getJson(q).then(function (data) { if (asked === loads) renderRows(data); }, function (e) { status(e.message); });
  }

  function readOnly(col) {
    var access = state.data && state.data.access;
    return access ? (access.columns[col - 1] || null) : null;
  }

  function fillCell(td, value, col) {
    td.textContent = value === null || value === undefined ? '' : String(value);
    td.setAttribute('data-col', String(col));
    var ro = readOnly(col);
    if (ro) { td.classList.add('ro'); td.title = ro; }
    // A long value is cut off with an ellipsis in the column; the whole of it shows on hover.
    else if (td.textContent.length > 30) td.title = td.textContent;
  }

  function rowElement(r) {
    var tr = el('tr', null, { 'data-row': String(r.row) });
    if (state.selected && state.selected.tab === state.tab && state.selected.row === r.row) tr.className = 'selected';
    tr.append(el('td', r.row, { class: 'rownum' }));
    state.data.header.forEach(function (_, i) {
      var td = el('td');
      fillCell(td, r.cells[i], i + 1);
      tr.append(td);
    });
    return tr;
  }

  function renderRows(data) {
    state.data = data;
    var head = el('tr');
    head.append(el('th', '', { class: 'rownum' }));
    data.header.forEach(function (h, i) {
      var th = el('th', data.labels ? data.labels[i] : h, { 'data-name': h, scope: 'col' });
      th.title = h;
      head.append(th);
    });
    $('grid').tHead.replaceChildren(head);
    var body = document.createDocumentFragment();
    data.rows.forEach(function (r) { body.append(rowElement(r)); });
    $('grid').tBodies[0].replaceChildren(body);
    var last = Math.min(data.offset + data.rows.length, data.total);
    var foot = $('grid').tFoot;
    foot.replaceChildren();
    var canAdd = state.filter === '' && last >= data.total && !(data.access && data.access.tab);
    if (canAdd) {
      var tr = el('tr', null, { 'data-row': 'new', class: 'newrow' });
      var plus = el('td', '+', { class: 'rownum' });
      plus.title = 'Type in this row to add one';
      tr.append(plus);
      data.header.forEach(function (h, i) {
        var td = el('td');
        fillCell(td, null, i + 1);
        if (readOnly(i + 1) && h.toLowerCase() === 'id') td.textContent = 'new';
        tr.append(td);
      });
      foot.append(tr);
    }
    $('add-row').disabled = !!(data.access && data.access.tab);
    $('add-row').title = data.access && data.access.tab ? data.access.tab : 'Add a row at the end of this tab';
    $('readonly-note').textContent = data.access && data.access.tab ? data.access.tab : '';
    $('range').textContent = data.total === 0 ? 'no rows' : (data.offset + 1) + '\\u2013' + last + ' of ' + data.total;
    $('prev').disabled = data.offset === 0;
    $('next').disabled = last >= data.total;
    keepEditor();
    markActive();
  }

  // A refresh while a cell is being typed into (a sidebar saved, a page turned) must not drop what was typed.
  function keepEditor() {
    var ed = state.editing;
    if (!ed) return;
    var td = cellAt(ed.row, ed.col);
    if (!td) { status('Still editing ' + state.data.header[ed.col - 1] + ' of row ' + ed.row + ': press Esc to cancel.'); return; }
    ed.td = td;
    td.textContent = '';
    td.classList.add('editing');
    td.append(ed.input);
    ed.input.focus();
  }

  function cellAt(row, col) {
    var tr = document.querySelector('#grid tr[data-row="' + row + '"]');
    return tr ? tr.querySelector('td[data-col="' + col + '"]') : null;
  }

  function markActive() {
    Array.prototype.forEach.call(document.querySelectorAll('#grid td.active'), function (n) { n.classList.remove('active'); });
    if (!state.active) return;
    var td = cellAt(state.active.row, state.active.col);
    if (td) { td.classList.add('active'); td.scrollIntoView({ block: 'nearest', inline: 'nearest' }); }
  }

  function rowOrder() {
    var rows = Array.prototype.map.call(document.querySelectorAll('#grid tbody tr, #grid tfoot tr'), function (tr) { return tr.getAttribute('data-row'); });
    return rows.map(function (r) { return r === 'new' ? 'new' : Number(r); });
  }

  function move(dRow, dCol) {
    if (!state.active || !state.data) return;
    var rows = rowOrder();
    var i = rows.indexOf(state.active.row);
    var next = rows[Math.max(0, Math.min(rows.length - 1, i + dRow))];
    var col = Math.max(1, Math.min(state.data.header.length, state.active.col + dCol));
    state.active = { row: next === undefined ? state.active.row : next, col: col };
    markActive();
  }

  function select(row, tr) {
    if (row === 'new') return;
    state.selected = { tab: state.tab, row: row };
    Array.prototype.forEach.call(document.querySelectorAll('tbody tr.selected'), function (n) { n.className = ''; });
    tr.className = 'selected';
    fetch('/workbench/select', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(state.selected) })
      .then(function () { status('Selected ' + state.tab + ' row ' + row); });
  }

  function clearError() {
    var old = document.querySelector('#tablewrap .cell-error');
    if (old) old.remove();
    Array.prototype.forEach.call(document.querySelectorAll('#grid td[aria-invalid]'), function (n) { n.removeAttribute('aria-invalid'); });
  }

  function showError(td, message) {
    clearError();
    td.setAttribute('aria-invalid', 'true');
    var box = el('div', message, { class: 'cell-error', role: 'alert' });
    $('tablewrap').append(box);
    var wrap = $('tablewrap').getBoundingClientRect();
    var at = td.getBoundingClientRect();
    box.style.left = (at.left - wrap.left + $('tablewrap').scrollLeft) + 'px';
    box.style.top = (at.bottom - wrap.top + $('tablewrap').scrollTop + 2) + 'px';
  }

  function cellValue(row, col) {
    if (row === 'new' || !state.data) return null;
    var r = state.data.rows.filter(function (x) { return x.row === row; })[0];
    return r ? (r.cells[col - 1] === undefined ? null : r.cells[col - 1]) : null;
  }

  function rowId(row) {
    if (row === 'new' || !state.data) return undefined;
    var at = state.data.header.map(function (h) { return h.toLowerCase(); }).indexOf('id');
    var v = at < 0 ? null : cellValue(row, at + 1);
    return typeof v === 'string' && v !== '' ? v : undefined;
  }

  function startEdit(initial) {
    if (!state.active || state.editing) return;
    var td = cellAt(state.active.row, state.active.col);
    if (!td) return;
    var ro = readOnly(state.active.col) || (state.data.access && state.data.access.tab);
    if (ro) { showError(td, ro); return; }
    clearError();
    var current = cellValue(state.active.row, state.active.col);
    var input = el('input', null, { type: 'text', class: 'editor', 'aria-label': (state.data.labels || state.data.header)[state.active.col - 1] });
    input.value = initial !== undefined ? initial : (current === null ? '' : String(current));
    state.editing = { row: state.active.row, col: state.active.col, td: td, input: input, seen: current, busy: false };
    td.textContent = '';
    td.classList.add('editing');
    td.append(input);
    input.focus();
    if (initial === undefined) input.select();
    input.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') { e.preventDefault(); commit(e.shiftKey ? -1 : 1, 0); }
      else if (e.key === 'Tab') { e.preventDefault(); commit(0, e.shiftKey ? -1 : 1); }
      else if (e.key === 'Escape') { e.preventDefault(); cancel(); }
    });
    input.addEventListener('blur', function () { if (state.editing && state.editing.input === input && !state.editing.busy) commit(0, 0); });
  }

  function endEdit(ed, value) {
    if (state.editing === ed) state.editing = null;
    ed.td.classList.remove('editing', 'saving');
    ed.td.textContent = value === null || value === undefined ? '' : String(value);
    if (ed.row === 'new' && readOnly(ed.col) && state.data.header[ed.col - 1].toLowerCase() === 'id') ed.td.textContent = 'new';
  }

  function cancel() {
    if (!state.editing) return;
    clearError();
    endEdit(state.editing, state.editing.seen);
    $('tablewrap').focus();
    markActive();
  }

  function commit(dRow, dCol) {
    var ed = state.editing;
    if (!ed || ed.busy) return;
    var value = ed.input.value;
    var unchanged = ed.row !== 'new' && value === (ed.seen === null ? '' : String(ed.seen));
    if (unchanged || (ed.row === 'new' && value.trim() === '')) { clearError(); endEdit(ed, ed.seen); afterMove(dRow, dCol); return; }
    ed.busy = true;
    ed.input.readOnly = true;
    ed.td.classList.add('saving');
    var body = { tab: state.tab, row: ed.row, col: ed.col, header: state.data.header[ed.col - 1], value: value };
    if (ed.row !== 'new') { body.seen = ed.seen; var id = rowId(ed.row); if (id !== undefined) body.id = id; }
    postJson('/workbench/cell', body).then(function (r) {
      if (r.version) state.version = r.version;
      var result = r.json;
      var given = (result.idsGiven || []).reduce(function (n, a) { return n + a.rows.length; }, 0);
      if (given > 0) status('Gave new ids to ' + given + (given === 1 ? ' row' : ' rows') + ' typed without one.');
      if (!result.ok) {
        ed.busy = false;
        ed.input.readOnly = false;
        ed.td.classList.remove('saving');
        showError(ed.td, result.message);
        status('Not saved: ' + result.message);
        ed.input.focus();
        return;
      }
      clearError();
      state.editing = null;
      if (given === 0) status(result.written > 0 ? 'Saved to the workbook' : 'No change');
      // Rows of this tab that just got ids are shown with them (the edited row is redrawn below anyway).
      if (given > 0) setTimeout(loadRows, 0);
      // A click elsewhere while saving has already chosen the next cell; only a keyboard commit moves from here.
      var stayed = !state.active || (state.active.row === ed.row && state.active.col === ed.col);
      if (stayed) state.active = { row: result.row, col: ed.col };
      else { dRow = 0; dCol = 0; }
      if (ed.row === 'new') {
        // The new row goes in at once, above the row for the next one, so the cursor can move on without a reload.
        var added = { row: result.row, cells: result.cells };
        state.data.rows.push(added);
        state.data.total += 1;
        endEdit(ed, null);
        $('grid').tBodies[0].append(rowElement(added));
        $('range').textContent = (state.data.offset + 1) + '\u2013' + (state.data.offset + state.data.rows.length) + ' of ' + state.data.total;
        afterMove(dRow, dCol);
        tellSidebar({ regularsWorkbench: 'changed' });
        refreshTabs();
        return;
      }
      var r0 = state.data.rows.filter(function (x) { return x.row === result.row; })[0];
      if (r0) {
        r0.cells = result.cells;
        var tr = document.querySelector('#grid tbody tr[data-row="' + result.row + '"]');
        if (tr) tr.replaceWith(rowElement(r0));
      } else endEdit(ed, value);
      afterMove(dRow, dCol);
      if (result.written > 0) tellSidebar({ regularsWorkbench: 'changed' });
    }, function (e) {
      ed.busy = false;
      ed.input.readOnly = false;
      ed.td.classList.remove('saving');
      showError(ed.td, e.message);
      status(e.message);
    });
  }

  function afterMove(dRow, dCol) {
    if (dRow !== 0 || dCol !== 0) move(dRow, dCol); else markActive();
    if (!state.editing) $('tablewrap').focus({ preventScroll: true });
  }

  $('grid').addEventListener('click', function (e) {
    var td = e.target.closest ? e.target.closest('td') : null;
    if (!td || td.classList.contains('editing')) return;
    var tr = td.parentElement;
    var row = tr.getAttribute('data-row');
    row = row === 'new' ? 'new' : Number(row);
    if (state.editing) commit(0, 0);
    if (!td.classList.contains('rownum')) { state.active = { row: row, col: Number(td.getAttribute('data-col')) }; markActive(); clearError(); }
    select(row, tr);
    $('tablewrap').focus({ preventScroll: true });
  });
  $('grid').addEventListener('dblclick', function (e) {
    var td = e.target.closest ? e.target.closest('td') : null;
    if (!td || td.classList.contains('rownum') || td.classList.contains('editing')) return;
    startEdit();
  });
  $('tablewrap').addEventListener('keydown', function (e) {
    if (state.editing || !state.active || e.target !== $('tablewrap')) return;
    var keys = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    if (keys[e.key]) { e.preventDefault(); move(keys[e.key][0], keys[e.key][1]); return; }
    if (e.key === 'Tab') { e.preventDefault(); move(0, e.shiftKey ? -1 : 1); return; }
    if (e.key === 'Enter' || e.key === 'F2') { e.preventDefault(); startEdit(); return; }
    if (e.key === 'Escape') { clearError(); return; }
    if ((e.key === 'Delete' || e.key === 'Backspace') && state.active.row !== 'new') { e.preventDefault(); startEdit(''); return; }
    if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) { e.preventDefault(); startEdit(e.key); }
  });
  $('add-row').addEventListener('click', function () {
    clearTimeout(timer);
    state.filter = ''; $('filter').value = '';
    loadLast().then(function () {
      var col = 1;
      while (col < state.data.header.length && readOnly(col)) col++;
      state.active = { row: 'new', col: col };
      markActive();
      startEdit();
    });
  });

  /** Shows the last page of the tab, unfiltered, where the row for typing a new one is. */
  function loadLast() {
    var tab = state.tabs.filter(function (t) { return t.name === state.tab; })[0];
    state.offset = Math.max(0, (tab ? tab.rows : 0) - PAGE);
    return loadRows().then(function () {
      var d = state.data;
      if (d && d.offset + d.rows.length < d.total) { state.offset = Math.max(0, d.total - PAGE); return loadRows(); }
    });
  }

  function refreshTabs() {
    return getJson('/workbench/state').then(function (s) {
      state.version = s.version;
      $('file').textContent = s.workbook;
      state.sidebarLabels = s.sidebarLabels || {};
      if (state.tab === null || !s.tabs.some(function (t) { return t.name === state.tab; })) state.tab = s.tabs.length ? s.tabs[0].name : null;
      renderTabs(s.tabs);
      return s;
    });
  }

  function refresh() {
    return refreshTabs().then(loadRows);
  }

  $('prev').addEventListener('click', function () { state.offset = Math.max(0, state.offset - PAGE); loadRows(); });
  $('next').addEventListener('click', function () { state.offset += PAGE; loadRows(); });
  var timer = null;
  $('filter').addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { state.filter = $('filter').value; state.offset = 0; state.active = null; loadRows(); }, 150);
  });
  $('sidebar').addEventListener('load', function () { tellSidebar({ regularsWorkbench: 'sidebars', sidebars: state.sidebars }); });
  window.addEventListener('message', function (e) {
    if (e.origin !== window.location.origin || !e.data || typeof e.data !== 'object') return;
    if (e.data.regularsWorkbench === 'close') { $('sidebar').removeAttribute('src'); $('sidebar').hidden = true; state.sidebar = null; renderSidebars(); }
    if (e.data.regularsWorkbench === 'open' && state.sidebars.indexOf(e.data.sidebar) >= 0) openSidebar(e.data.sidebar);
    if (e.data.regularsWorkbench === 'called' && e.data.version !== state.version) refresh().then(function () { status('Workbook saved'); });
  });

  getJson('/workbench/state').then(function (s) {
    state.sidebars = s.sidebars;
    state.sidebarLabels = s.sidebarLabels || {};
    var wanted = new URLSearchParams(window.location.search).get('sidebar');
    var first = wanted && s.sidebars.indexOf(wanted) >= 0 ? wanted : ordered(s.sidebars)[0];
    if (first) openSidebar(first); else renderSidebars();
    return refresh();
  }).then(function () { document.body.setAttribute('data-ready', 'true'); }, function (e) { status(e.message); });
})();`;
