/** The Node side of CLV: the WebAssembly purchase-log scanner that `clv fit` reads plain logs with. */
export { instantiate, logScanner, scanLogFile, SCANNER_FILE } from './log-scanner';
