/** Number formatting of the profiler view: durations and times in µs, grouped, at most 1 decimal. */
const US = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

export function fmtUs(us: number): string {
  return US.format(us);
}

/** "+3.2%" / "−1.0%": the model's span relative to the measured one. */
export function fmtDelta(model: number, measured: number): string {
  if (!(measured > 0)) return '';
  const d = (model / measured - 1) * 100;
  return `${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(1)}%`;
}
