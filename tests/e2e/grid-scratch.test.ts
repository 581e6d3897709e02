import { it } from 'vitest';
import { startWorkbench } from './harness';
it('measure', { timeout: 300_000 }, async () => {
  const wb = await startWorkbench();
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    const res = await fetch(new URL('/workbench/cell', wb.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tab: 'Customers', row: 2 + i, col: 10, header: 'city', value: `Town ${i}` }) });
    const body = await res.json();
    if (i === 0) process.stderr.write(JSON.stringify(body).slice(0, 200) + '\n');
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  process.stderr.write(`CELL EDIT ms: median ${times[5]!.toFixed(0)} max ${times[9]!.toFixed(0)}\n`);
  await wb.stop();
});
