/** SQL engines the Node side runs generated SQL on: embedded DuckDB (loaded on first use). */
export { openDuckDb, isMemoryLimit, type DuckDbOptions, type DuckDbSession } from './duckdb';
