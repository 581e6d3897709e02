// Compiles the purchase-log scanner (shared/clv/wasm/scan-log.as.ts, AssemblyScript) to WebAssembly. The result is
// cached by the source's hash under node_modules/.cache, so repeated builds (tests build several times) compile once.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = path.join(root, 'shared/clv/wasm/scan-log.as.ts');
const OPTIONS = { optimizeLevel: 3, shrinkLevel: 0, runtime: 'stub', noAssert: true };

/** The scanner's WebAssembly bytes. */
export async function compileScanner() {
  const source = await readFile(SOURCE, 'utf8');
  const key = createHash('sha256').update(source).update(JSON.stringify(OPTIONS)).digest('hex').slice(0, 16);
  const cached = path.join(root, 'node_modules/.cache/regulars', `scan-log-${key}.wasm`);
  if (existsSync(cached)) return new Uint8Array(await readFile(cached));
  const { default: asc } = await import('assemblyscript/asc');
  const { error, stderr, binary } = await asc.compileString({ 'scan-log.ts': source }, OPTIONS);
  if (error || !binary) throw new Error(`shared/clv/wasm/scan-log.as.ts does not compile:\n${stderr.toString()}`);
  await mkdir(path.dirname(cached), { recursive: true });
  await writeFile(cached, binary);
  return binary;
}
