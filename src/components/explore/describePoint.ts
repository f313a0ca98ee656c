/** Plain-text descriptions of a sweep point for the tooltip, the frontier table and screen readers. */
import type { ExplorePlot, PlotPoint } from '../../pipeline/explorePlot.ts';
import type { SweepRow } from '../../pipeline/sweep.ts';

// one formatter per precision: toLocaleString with options builds a new one on every call
const formats = new Map<number, Intl.NumberFormat>();
export function num(x: number, digits = 3): string {
  let f = formats.get(digits);
  if (!f) formats.set(digits, (f = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits })));
  return f.format(x);
}

/** "P=8, M=32, v=2" (and the memory limit when one was given). */
export function configText(row: SweepRow): string {
  return `P=${row.ranks}, M=${row.microbatches}, v=${row.stagesPerRank}${row.memLimit !== null ? `, memory limit ${num(row.memLimit)}` : ''}`;
}

export function pointLabel(p: PlotPoint): string {
  return `${p.row.schedule} ${configText(p.row)}`;
}

export function pointLines(p: PlotPoint, plot: ExplorePlot): string[] {
  const r = p.row;
  if (plot.hbm)
    return [
      configText(r),
      `step time ${num((r.makespan ?? 0) * plot.yFactor)} ${plot.y.unit}, ${num(((r.makespan ?? 0) * plot.yFactor) / r.microbatches)} ${plot.y.unit} per micro-batch`,
      `peak memory ${num(p.x, 1)} GB (most loaded rank)${p.x > plot.hbm.gb ? `: over the ${plot.hbm.gb} GB HBM` : ''}`,
      `${num(r.tokensPerSecondPerGpu ?? 0, 0)} tokens/s per GPU, MFU ${num((r.mfu ?? 0) * 100, 1)} %`,
      `bubble ratio ${num((r.bubbleRatio ?? 0) * 100, 1)} %`,
    ];
  return [
    configText(p.row),
    `makespan ${num((p.row.makespan ?? 0) * plot.yFactor)} ${plot.y.unit}, ${num(((p.row.makespan ?? 0) * plot.yFactor) / p.row.microbatches)} per micro-batch`,
    `peak activations ${num(p.x)} ${plot.x.unit} (most loaded rank)`,
    `bubble ratio ${num((p.row.bubbleRatio ?? 0) * 100, 1)} %`,
  ];
}
