// Per-x tables: with integer x, Γ(r + x)/Γ(r) and its log-derivative are running sums, one log per x value.

/** lnΓ(v + x) − lnΓ(v) and ψ(v + x) − ψ(v) for x = 0 … maxX, written into `lg` and `dg`. */
export function risingTables(v: number, maxX: number, lg: Float64Array, dg: Float64Array): void {
  lg[0] = 0;
  dg[0] = 0;
  let l = 0;
  let d = 0;
  for (let k = 0; k < maxX; k++) {
    l += Math.log(v + k);
    d += 1 / (v + k);
    lg[k + 1] = l;
    dg[k + 1] = d;
  }
}
