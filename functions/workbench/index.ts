/** The local workbench: the workbook's tabs and the add-on's sidebars, bridged to the add-on's server code. */
export { parseWorkbenchArgs, WorkbenchArgsError, DEFAULT_PORT, type WorkbenchArgs } from './args';
export { openOrCreateWorkbook, demoToday, type OpenedWorkbook } from './open';
export { createBridge, BridgeRefusal, isServerApiMethod, type Bridge } from './bridge';
export { startWorkbenchServer, type RunningWorkbench, type WorkbenchOptions } from './server';
export { findRoot, listSidebars, sidebarHtml, injectShim } from './sidebars';
export { pageRows, type RowsPage } from './rows';
