/** Plain-text descriptions of a sweep point for the tooltip, the frontier table and screen readers. */
import type { ExplorePlot, PlotPoint } from '../../pipeline/explorePlot.ts';
import type { SweepRow } from '../../pipeline/sweep.ts';

export const num = (x: number, digits = 3) => x.toLocaleString('en-US', { maximumFractionDigits: digits });

/** "P=8, M=32, v=2" (and the memory limit when one was given). */
export function configText(row: SweepRow): string {
  return `P=${row.ranks}, M=${row.microbatches}, v=${row.stagesPerRank}${row.memLimit !== null ? `, memory limit ${num(row.memLimit)}` : ''}`;
}

export function pointLabel(p: PlotPoint): string {
  return `${p.row.schedule} ${configText(p.row)}`;
}

export function pointLines(p: PlotPoint, plot: ExplorePlot): string[] {
  return [
    configText(p.row),
    `makespan ${num((p.row.makespan ?? 0) * plot.yFactor)} ${plot.y.unit}, ${num(((p.row.makespan ?? 0) * plot.yFactor) / p.row.microbatches)} per micro-batch`,
    `peak activations ${num(p.x)} ${plot.x.unit} (most loaded rank)`,
    `bubble ratio ${num((p.row.bubbleRatio ?? 0) * 100, 1)} %`,
  ];
}
