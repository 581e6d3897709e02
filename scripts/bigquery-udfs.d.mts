/** The dedupe measures bundled for BigQuery's JavaScript UDFs (defines `var regulars`). */
export function bundleUdfLibrary(): Promise<string>;
/** The TypeScript module holding `source` as the constant UDF_LIBRARY. */
export function udfLibraryModule(source: string): string;
