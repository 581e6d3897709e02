/** The purchase-log scanner's WebAssembly bytes (compiled from shared/clv/wasm/scan-log.as.ts, cached). */
export function compileScanner(): Promise<Uint8Array>;
