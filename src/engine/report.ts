/**
 * The schedule report: the serialisable result the CLI prints (`--format json`, docs/cli.md) and the
 * app exports — parameters, per-rank timeline, metrics, closed-form bubble and reference notes.
 * Also the one-line-per-op text dump (`r3 F s3 mb7 12.0-13.0`).
 */
import { closedFormBubble, type ClosedForm } from './closedForm.ts';
import { formatOp } from './format.ts';
import { computeMetrics, type Metrics } from './metrics.ts';
import type { Costs, StageMb, Timeline } from './types.ts';

export type ReportOp =
  | { kind: 'F' | 'B' | 'I' | 'W'; stage: number; microbatch: number; split?: number; start: number; end: number }
  | { kind: 'FB'; forward: StageMb; backward: StageMb; start: number; end: number };

export interface ScheduleReport {
  schedule: string;
  ranks: number;
  microbatches: number;
  stagesPerRank: number;
  costs: Costs;
  rankStages: number[][];
  timeline: { rank: number; ops: ReportOp[] }[];
  metrics: Metrics & { closedFormBubble: ClosedForm | null; units: string };
  notes: string[];
}

export const METRIC_UNITS =
  'times in cost units; peakActivations and paramsPerRank in model parts (1/modelParts of the model per micro-batch or of its weights; modelParts = stages, except DualPipe: P parts shared by both directions)';

export function buildReport(t: Timeline, notes: string[] = []): ScheduleReport {
  const s = t.schedule;
  const metrics = computeMetrics(t);
  return {
    schedule: s.name,
    ranks: s.ranks,
    microbatches: s.microbatches,
    stagesPerRank: s.stagesPerRank,
    costs: t.costs,
    rankStages: s.topology.rankStages,
    timeline: t.ops.map((ops, rank) => ({
      rank,
      ops: ops.map(({ op, start, end }): ReportOp =>
        op.kind === 'FB'
          ? { kind: 'FB', forward: { ...op.forward }, backward: { ...op.backward }, start, end }
          : op.split === undefined
            ? { kind: op.kind, stage: op.stage, microbatch: op.microbatch, start, end }
            : { kind: op.kind, stage: op.stage, microbatch: op.microbatch, split: op.split, start, end },
      ),
    })),
    metrics: {
      ...metrics,
      closedFormBubble: s.name === 'custom' ? null : closedFormBubble(s.name, s.ranks, s.microbatches, t.costs),
      units: METRIC_UNITS,
    },
    notes,
  };
}

const num = (x: number) => (Number.isInteger(x * 10) ? x.toFixed(1) : String(Number(x.toPrecision(12))));

export function timelineText(t: Timeline): string {
  const lines: string[] = [];
  t.ops.forEach((ops, r) => {
    for (const { op, start, end } of ops) lines.push(`r${r} ${formatOp(op)} ${num(start)}-${num(end)}`);
  });
  return lines.join('\n') + '\n';
}
