/**
 * All ranks of one step on one clock (docs/measured.md §1, §3): checks that the files form one step
 * (one file per rank, every stage held, the same profiler step, the same micro-batches through every
 * stage, a legal op order by the engine's `checkOrder`), aligns the clocks (clock.ts) and makes the
 * earliest compute op over all ranks time 0. Every rejection is one ImportError sentence.
 */
import { LIMITS, checkOrder, halvesOf, inferTopology } from '../engine/index.ts';
import type { Schedule } from '../engine/index.ts';
import { ImportError } from '../interop/errors.ts';
import { alignClocks, clockConstraints } from './clock.ts';
import type { MeasuredRun, RankTrace, TraceFormat } from './types.ts';

const list = (xs: number[]) => xs.join(', ');

/** Keeps one file per rank: Megatron writes one per data/tensor-parallel replica; keep replica 0's. */
function onePerRank(traces: (RankTrace & { replica?: number })[], notes: string[]): RankTrace[] {
  const byRank = new Map<number, RankTrace & { replica?: number }>();
  for (const t of traces) {
    const other = byRank.get(t.rank);
    if (!other) byRank.set(t.rank, t);
    else if (t.replica !== undefined && other.replica !== undefined && t.replica !== other.replica) {
      const keep = t.replica < other.replica ? t : other;
      byRank.set(t.rank, keep);
      notes.push(`pipeline rank ${t.rank}: kept ${keep.file} (replica ${keep.replica}) of several data/tensor-parallel replicas`);
    } else throw new ImportError(`two files hold rank ${t.rank} (${other.file} and ${t.file}); give one file per rank of one step`);
  }
  return [...byRank.values()].sort((a, b) => a.rank - b.rank);
}

/** Global ranks → pipeline ranks 0..P-1 (identity for a pipeline-only run). */
function renumber(traces: RankTrace[], notes: string[]): void {
  const ranks = traces.map((t) => t.rank);
  const worlds = new Set(traces.map((t) => t.worldSize));
  const world = worlds.size === 1 ? traces[0].worldSize : undefined;
  // a pipeline group of a larger world (data parallel replicas) is complete when a reported group is exactly these ranks
  const isGroup = traces.some((t) =>
    t.groups?.some((g) => g.length === ranks.length && [...g].sort((a, b) => a - b).every((r, i) => r === ranks[i])),
  );
  if (world !== undefined && traces.length < world && ranks.every((r) => r < world) && !isGroup) {
    const missing = Array.from({ length: world }, (_, r) => r).filter((r) => !ranks.includes(r));
    throw new ImportError(
      `rank${missing.length > 1 ? 's' : ''} ${list(missing.slice(0, 8))} ${missing.length > 1 ? 'are' : 'is'} missing: the files hold ranks ${list(ranks)} of world size ${world}; give one trace per rank`,
    );
  }
  if (ranks.every((r, i) => r === i)) return;
  // pipeline rank r holds the r-th lowest first stage in every layout the engine knows (linear,
  // looped, V, DualPipe); Megatron files name their pipeline rank, so they keep file order
  const first = (t: RankTrace) => Math.min(Infinity, ...t.ops.slice(0, 64).flatMap((m) => halvesOf(m.op).map((p) => p.stage)));
  const order = traces.every((t) => t.ops.every((m) => m.chunk === undefined)) ? [...traces].sort((a, b) => first(a) - first(b)) : traces;
  notes.push(`ranks ${list(order.map((t) => t.rank))} were numbered 0..${ranks.length - 1} in that order as pipeline ranks`);
  order.forEach((t, i) => (t.rank = i));
  traces.sort((a, b) => a.rank - b.rank);
}

/** Megatron chunks → global stages (chunk c on pipeline rank r is stage c·P + r). */
function resolveChunks(traces: RankTrace[]): void {
  const P = traces.length;
  for (const t of traces)
    for (const m of t.ops) if (m.chunk !== undefined && m.op.kind !== 'FB') m.op = { ...m.op, stage: m.chunk * P + t.rank };
}

function checkSteps(traces: RankTrace[]): void {
  for (const t of traces) {
    if (t.steps.length > 1)
      throw new ImportError(
        `rank ${t.rank}'s trace (${t.file}) holds pipeline actions of ${t.steps.length} profiler steps (ProfilerStep#${t.steps.join(', #')}); give one step per file`,
      );
  }
  const withStep = traces.filter((t) => t.steps.length === 1);
  const first = withStep[0];
  const other = withStep.find((t) => t.steps[0] !== first.steps[0]);
  if (other)
    throw new ImportError(
      `the files are from different steps: rank ${first.rank} holds ProfilerStep#${first.steps[0]} but rank ${other.rank} holds ProfilerStep#${other.steps[0]}; import the same step from every rank`,
    );
}

/** Stage → rank, every stage 0..S-1 held by exactly one rank (also stages only named by SEND/RECV). */
function placeStages(traces: RankTrace[]): number[] {
  const holder = new Map<number, number>();
  let maxNamed = -1;
  for (const t of traces) {
    for (const m of t.ops) {
      for (const p of halvesOf(m.op)) {
        const h = holder.get(p.stage);
        if (h !== undefined && h !== t.rank)
          throw new ImportError(`stage ${p.stage} runs on rank ${h} and rank ${t.rank}; each stage must live on one rank`);
        holder.set(p.stage, t.rank);
      }
    }
    // SEND_F(s) and RECV_B(s) talk to stage s+1, so that stage exists even if no file holds it
    for (const c of t.comm) if (c.kind === 'SEND_F' || c.kind === 'RECV_B') maxNamed = Math.max(maxNamed, c.stage + 1);
  }
  for (const t of traces) if (!t.ops.length) throw new ImportError(`rank ${t.rank}'s trace (${t.file}) has no compute action`);
  const count = holder.size;
  const S = Math.max(count, maxNamed + 1);
  for (let s = 0; s < S; s++) {
    if (!holder.has(s))
      throw new ImportError(
        `no file holds stage ${s}: the trace of the rank that runs it is missing (the files hold ranks ${list(traces.map((t) => t.rank))}); give one trace per rank`,
      );
  }
  if (S > LIMITS.ranks * LIMITS.stagesPerRank)
    throw new ImportError(`the step has ${S} stages; at most ${LIMITS.ranks * LIMITS.stagesPerRank} are supported`);
  return Array.from({ length: S }, (_, s) => holder.get(s)!);
}

/** Every stage must run the same number of forward micro-batches, numbered without gaps. */
function countMicrobatches(traces: RankTrace[], stageRank: number[]): number {
  const forwards = new Array<number>(stageRank.length).fill(0);
  let maxMb = -1;
  for (const t of traces)
    for (const m of t.ops)
      for (const p of halvesOf(m.op)) {
        if (p.kind === 'F') forwards[p.stage]++;
        maxMb = Math.max(maxMb, p.microbatch);
      }
  let most = 0;
  let fewest = 0;
  forwards.forEach((n, s) => {
    if (n > forwards[most]) most = s;
    if (n < forwards[fewest]) fewest = s;
  });
  if (forwards[most] !== forwards[fewest])
    throw new ImportError(
      `the micro-batch counts do not match: stage ${most} (rank ${stageRank[most]}) runs ${forwards[most]} forward micro-batches but stage ${fewest} (rank ${stageRank[fewest]}) runs ${forwards[fewest]}; every stage of one step runs the same micro-batches`,
    );
  const M = maxMb + 1;
  if (M > LIMITS.microbatches) throw new ImportError(`the step has ${M} micro-batches; at most ${LIMITS.microbatches} are supported`);
  return M;
}

function measuredOrder(traces: RankTrace[], stageRank: number[], M: number): Schedule {
  const ops = traces.map((t) => t.ops.map((m) => m.op));
  const topology = inferTopology(ops, stageRank, M);
  const order: Schedule = {
    name: 'custom',
    ranks: traces.length,
    microbatches: M,
    stagesPerRank: topology.rankStages.reduce((v, s) => Math.max(v, s.length), 0),
    topology,
    ops,
  };
  const problem = checkOrder(order);
  if (problem) throw new ImportError(`the measured actions are not one complete step: ${problem}`);
  return order;
}

/** One step's per-rank traces → a measured run on one clock (see the module comment). */
export function assembleRun(input: RankTrace[], format: TraceFormat): MeasuredRun {
  if (input.length === 0) throw new ImportError('no trace files given');
  const notes: string[] = [];
  const traces = onePerRank(input, notes);
  renumber(traces, notes);
  resolveChunks(traces);
  checkSteps(traces);
  for (const t of traces)
    if (t.ignored.length) notes.push(`rank ${t.rank}: skipped ${t.ignored.length} "PP:" range(s) that are not actions`);
  const stageRank = placeStages(traces);
  const M = countMicrobatches(traces, stageRank);
  const order = measuredOrder(traces, stageRank, M);
  const clock = alignClocks(traces.length, clockConstraints(traces, order));
  let t0 = Infinity;
  for (const t of traces) for (const m of t.ops) t0 = Math.min(t0, m.start + clock.offsets[t.rank]);
  const shift = (t: RankTrace) => (x: number) => x + clock.offsets[t.rank] - t0;
  const measured = traces.map((t) => {
    const at = shift(t);
    return {
      ops: t.ops.map((m) => ({
        op: m.op,
        start: at(m.start),
        end: at(m.end),
        ...(m.arrived !== undefined ? { arrived: at(m.arrived) } : {}),
      })),
      comm: t.comm.map((c) => ({
        ...c,
        start: at(c.start),
        end: at(c.end),
        ...(c.arrived !== undefined ? { arrived: at(c.arrived) } : {}),
      })),
    };
  });
  const makespan = measured.reduce((end, r) => r.ops.reduce((e, m) => Math.max(e, m.end), end), -Infinity);
  if (!clock.shared)
    notes.push(
      `the files' clocks disagree with ${clock.violations} send/receive pair(s); ranks were shifted by ${clock.offsets.map((o) => `${o.toFixed(1)} µs`).join(', ')}`,
    );
  return {
    format,
    files: traces.map((t) => t.file),
    ranks: traces.length,
    microbatches: M,
    stages: stageRank.length,
    rankStages: order.topology.rankStages,
    measured,
    order,
    makespan,
    clock,
    notes,
  };
}
