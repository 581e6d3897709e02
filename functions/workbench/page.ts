import { PAGE_SCRIPT } from './page-script';

/**
 * The workbench page: the workbook's tabs as an editable grid on the left, the add-on's sidebars on the right
 * ("Start here" first). Static: everything it shows comes from /workbench/* as JSON and is put in
 * with textContent, so no cell, tab or sidebar name can become markup. Tables are paged (100 rows) so a
 * 2,400-row tab stays instant. Laid out for 1366×768: the tab strip wraps, so every tab stays in view.
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
  #tools { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; padding: 6px 12px; }
  #tools .hint, #readonly-note { color: #5f6368; }
  #tablewrap { flex: 1; overflow: auto; border-top: 1px solid #dadce0; position: relative; outline: none; }
  table { border-collapse: collapse; white-space: nowrap; }
  th, td { border: 1px solid #e0e0e0; padding: 2px 6px; max-width: 240px; overflow: hidden; text-overflow: ellipsis; }
  th { position: sticky; top: 0; background: #f1f3f4; font-weight: 600; z-index: 1; cursor: help; }
  td.rownum, th.rownum { background: #f1f3f4; color: #5f6368; text-align: right; position: sticky; left: 0; cursor: default; }
  td { cursor: cell; }
  td.ro { color: #5f6368; background: #fafafa; }
  tbody tr:hover td { background: #f5f8ff; }
  tbody tr.selected td { background: #e8f0fe; }
  tfoot tr.newrow td { color: #9aa0a6; font-style: italic; height: 22px; }
  td.active { outline: 2px solid #1a73e8; outline-offset: -2px; }
  td.editing { padding: 0; overflow: visible; }
  td.saving { opacity: 0.6; }
  td[aria-invalid="true"] { outline: 2px solid #d93025; outline-offset: -2px; }
  input.editor { font: inherit; width: 100%; min-width: 120px; border: 0; padding: 2px 6px; outline: none; background: #fff; }
  .cell-error { position: absolute; z-index: 3; min-width: 220px; max-width: 320px; white-space: normal; background: #fce8e6; color: #a50e0e; border: 1px solid #d93025; border-radius: 4px; padding: 4px 8px; box-shadow: 0 1px 3px rgba(0,0,0,.2); }
  #tabs { display: flex; flex-wrap: wrap; gap: 2px; padding: 4px 8px; border-top: 1px solid #dadce0; background: #f8f9fa; }
  #tabs button, #sidebars button { border: 1px solid transparent; background: none; padding: 4px 10px; cursor: pointer; font: inherit; border-radius: 4px; white-space: nowrap; }
  #tabs button:hover, #sidebars button:hover { background: #f1f3f4; }
  #tabs button[aria-selected="true"], #sidebars button[aria-selected="true"] { background: #e8f0fe; color: #1967d2; border-color: #d2e3fc; }
  aside { width: 340px; flex: none; display: flex; flex-direction: column; border-left: 1px solid #dadce0; min-height: 0; }
  #sidebars { display: flex; flex-wrap: wrap; gap: 2px; padding: 6px; border-bottom: 1px solid #dadce0; }
  iframe { flex: 1; border: 0; width: 100%; }
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
      <button id="add-row" type="button">+ Add row</button>
      <span class="hint">Double-click, Enter or type to edit a cell; Enter saves, Esc cancels.</span>
      <span id="readonly-note"></span>
    </div>
    <div id="tablewrap" tabindex="0"><table id="grid"><thead></thead><tbody></tbody><tfoot></tfoot></table></div>
    <nav id="tabs" aria-label="Tabs"></nav>
  </section>
  <aside aria-label="Sidebars">
    <nav id="sidebars"></nav>
    <iframe id="sidebar" title="Sidebar" hidden></iframe>
  </aside>
</div>
<script>
${PAGE_SCRIPT.replace(/<\/script/gi, '<\\/script')}
</script>
</body>
</html>
`;
