/**
 * The `trace import` output (docs/cli.md "trace import", docs/measured.md §9): the JSON report, the
 * one-line-per-op text, and the measured step as an engine Timeline so the existing SVG and Chrome
 * trace writers draw it. Times µs from the earliest compute op (rounded to ns), idle in ms.
 */
import type { Op, StageMb, Timeline } from '../engine/index.ts';
import type { TraceAnalysis } from './analyze.ts';
import type { FitKind, Spread } from './fit.ts';
import type { CriticalPath, RankIdle } from './idle.ts';
import type { Recognition } from './recognize.ts';
import type { ClockReport, MeasuredComm, TraceFormat } from './types.ts';
import { computeStart } from './waits.ts';

const r3 = (x: number) => {
  const v = Math.round(x * 1000) / 1000;
  return v === 0 ? 0 : v;
};

type OpIds = { kind: 'F' | 'I' | 'W' | 'B'; stage: number; microbatch: number } | { kind: 'FB'; forward: StageMb; backward: StageMb };

export type ReportedOp = OpIds & {
  start: number;
  end: number;
  /** µs of the range spent waiting for a received input before computing */
  wait: number;
};

/** A comm action as the report prints it: the measured one as read (types.ts). */
export type ReportedComm = MeasuredComm;

export interface TraceReport {
  format: TraceFormat;
  files: string[];
  ranks: number;
  microbatches: number;
  stages: number;
  rankStages: number[][];
  recognized: Recognition;
  measured: { rank: number; ops: ReportedOp[]; comm: ReportedComm[] }[];
  measuredMakespan: number;
  fitted: {
    costs: Partial<Record<FitKind, number[]>> & { comm: number };
    spread: Partial<Record<FitKind, (Spread | null)[]>>;
    commSpread: Spread | null;
    /** µs between consecutive compute ranges on a rank (the runtime's own work) */
    gapSpread: Spread | null;
    commFrom: string;
  };
  simulated: { makespan: number | null; ratio: number | null; basis: string | null; costs: Record<string, number> | null };
  idle: RankIdle[];
  criticalPath: CriticalPath;
  clock: ClockReport;
  notes: string[];
  units: string;
}

export const REPORT_UNITS =
  'times, costs and comm in µs from the earliest compute op over all ranks; idle (waitingMs, bubbleMs, busyMs) and criticalPath totals in ms';

function reportOp(op: Op): OpIds {
  return op.kind === 'FB'
    ? { kind: 'FB', forward: { ...op.forward }, backward: { ...op.backward } }
    : { kind: op.kind, stage: op.stage, microbatch: op.microbatch };
}

const spreadR3 = (s: Spread): Spread => ({ n: s.n, min: r3(s.min), q1: r3(s.q1), median: r3(s.median), q3: r3(s.q3), max: r3(s.max) });

export function traceReport(a: TraceAnalysis): TraceReport {
  const { run, fitted, simulated } = a;
  const costs: TraceReport['fitted']['costs'] = { comm: r3(fitted.costs.comm) };
  const spread: TraceReport['fitted']['spread'] = {};
  for (const k of ['F', 'I', 'W', 'B', 'FB'] as FitKind[]) {
    if (fitted.costs[k]) costs[k] = fitted.costs[k]!.map(r3);
    if (fitted.spread[k]) spread[k] = fitted.spread[k]!.map((x) => x && spreadR3(x));
  }
  const bounds = run.clock.bounds.map(([lo, hi]): [number, number] => [r3(lo), r3(hi)]);
  return {
    format: run.format,
    files: run.files,
    ranks: run.ranks,
    microbatches: run.microbatches,
    stages: run.stages,
    rankStages: run.rankStages,
    recognized: a.recognized,
    measured: run.measured.map(({ ops, comm }, rank) => ({
      rank,
      ops: ops.map((m): ReportedOp => ({ ...reportOp(m.op), start: r3(m.start), end: r3(m.end), wait: r3(computeStart(m) - m.start) })),
      comm: comm.map((c) => ({
        kind: c.kind,
        stage: c.stage,
        microbatch: c.microbatch,
        start: r3(c.start),
        end: r3(c.end),
        ...(c.arrived !== undefined ? { arrived: r3(c.arrived) } : {}),
      })),
    })),
    measuredMakespan: r3(run.makespan),
    fitted: {
      costs,
      spread,
      commSpread: fitted.commSpread && spreadR3(fitted.commSpread),
      gapSpread: fitted.gapSpread && spreadR3(fitted.gapSpread),
      commFrom: fitted.commFrom,
    },
    simulated: simulated
      ? {
          makespan: r3(simulated.makespan),
          ratio: run.makespan > 0 ? Math.round((simulated.makespan / run.makespan) * 1e4) / 1e4 : null,
          basis: simulated.basis,
          costs: Object.fromEntries(Object.entries(simulated.costs).map(([k, v]) => [k, r3(v)])),
        }
      : { makespan: null, ratio: null, basis: null, costs: null },
    idle: a.idle,
    criticalPath: { ...a.critical, steps: a.critical.steps.map((s) => ({ ...s, start: r3(s.start), end: r3(s.end) })) },
    clock: { ...run.clock, offsets: run.clock.offsets.map(r3), bounds },
    notes: a.notes,
    units: REPORT_UNITS,
  };
}

/** The measured step as an engine Timeline (µs), for the SVG and Chrome trace writers. */
export function measuredTimeline(a: TraceAnalysis): Timeline {
  const { run } = a;
  const schedule = a.recognized.schedule ? { ...run.order, name: a.recognized.schedule } : run.order;
  const costs = a.simulated?.costs ?? { F: 1, I: 1, W: 1, B: 2, FB: 3, comm: 0 };
  return { schedule, costs, ops: run.measured.map(({ ops }) => ops.map((m) => ({ op: m.op, start: m.start, end: m.end }))) };
}

const fmt = (x: number) => x.toFixed(1);

/** Human-readable summary and one line per op (`r3 F s3 mb7 12.0-13.0 wait 4.0`), µs. */
export function traceText(a: TraceAnalysis): string {
  const r = traceReport(a);
  const rec = r.recognized;
  const lines = [
    `${r.format}: ${r.ranks} ranks, ${r.stages} stages, ${r.microbatches} micro-batches, rank stages ${JSON.stringify(r.rankStages)}`,
    rec.matches ? `schedule: ${rec.schedule} (stages per rank ${rec.stagesPerRank})` : `schedule: not recognised — ${rec.reason ?? ''}`,
    `measured makespan ${fmt(r.measuredMakespan)} µs; simulated ${r.simulated.makespan === null ? 'n/a' : `${fmt(r.simulated.makespan)} µs (${r.simulated.basis} costs)`}`,
    ...(['F', 'I', 'W', 'B', 'FB'] as FitKind[])
      .filter((k) => r.fitted.costs[k])
      .map((k) => `fitted ${k} per stage (µs): ${r.fitted.costs[k]!.map(fmt).join(' ')}`),
    `fitted comm latency ${fmt(r.fitted.costs.comm)} µs`,
    ...r.idle.map(
      (i) => `r${i.rank} busy ${i.busyMs.toFixed(3)} ms, waiting ${i.waitingMs.toFixed(3)} ms, bubble ${i.bubbleMs.toFixed(3)} ms`,
    ),
    ...r.notes.map((n) => `note: ${n}`),
  ];
  r.measured.forEach(({ rank, ops }) => {
    for (const o of ops) {
      const what =
        o.kind === 'FB'
          ? `FB s${o.forward.stage} mb${o.forward.microbatch} | s${o.backward.stage} mb${o.backward.microbatch}`
          : `${o.kind} s${o.stage} mb${o.microbatch}`;
      lines.push(`r${rank} ${what} ${fmt(o.start)}-${fmt(o.end)}${o.wait > 0 ? ` wait ${fmt(o.wait)}` : ''}`);
    }
  });
  return lines.join('\n') + '\n';
}
