/**
 * A value built on its first use and kept after that. Apps Script compiles and runs the top level of Code.js on
 * every server call, so a schema or table that only some calls need is built inside `lazy`, never at load
 * (tests/build/addon-bundle.test.ts fails if a zod schema is built at load).
 */
export function lazy<T>(build: () => T): () => T {
  let built = false;
  let value: T;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value;
  };
}
