/**
 * The "detailed" cost mode (docs/overlap.md §3, §6; docs/schedules.md §1.3): every op's cost comes from its
 * pieces at the chosen SM split, so the SM split and the bandwidths drive the whole pipeline.
 *   F, B, I, W = span of the lone chunk (communication exposed), FB = span of the overlapped pair,
 *   comm = the PP send (the larger of activation and gradient), added by the simulator to every
 *   cross-rank dependency (an FB publishes both outputs at its end: the conservative reading).
 * The resulting timeline carries each op's pieces per stream, placed at absolute times (µs), and
 * per-rank stream metrics. With all communication at 0 the costs are exactly F, I, W, B = I + W,
 * FB = F + B, comm = 0: the plain engine.
 */
import { SENDS_ACTIVATION, SENDS_GRADIENT, opSends } from '../dependencies.ts';
import { buildSchedule } from '../schedules/index.ts';
import { simulate } from '../simulate.ts';
import type { Costs, Op, Schedule, ScheduleParams, Timeline } from '../types.ts';
import type { ChunkResult, PieceSpan, StreamSpans } from './chunk.ts';
import { runChunk } from './chunk.ts';
import type { OverlapModel } from './commModel.ts';
import { piecesAt, validateModel } from './commModel.ts';
import type { ChunkKind } from './pairDag.ts';
import type { ChunkPieces, PpPiece } from './pieces.ts';

export const CHUNK_KINDS: readonly ChunkKind[] = ['F', 'B', 'I', 'W', 'FB'];

export interface DetailedCosts {
  /** SM split the costs were computed for */
  commSms: number;
  /** engine costs in µs */
  costs: Costs;
  /** piece durations at this split, µs */
  pieces: ChunkPieces;
  /** each op kind's chunk: its pieces (relative to the op start) and stream metrics */
  chunks: Record<ChunkKind, ChunkResult>;
}

/** Engine costs (µs) from the model's pieces with s comm SMs. */
export function detailedCosts(model: OverlapModel, commSms: number): DetailedCosts {
  validateModel(model);
  const pieces = piecesAt(model, commSms);
  // PP transfers are dependency latency in the engine, not part of any op's span.
  const chunks = Object.fromEntries(CHUNK_KINDS.map((k) => [k, runChunk(k, pieces, { pp: false })])) as Record<ChunkKind, ChunkResult>;
  const costs: Costs = {
    F: chunks.F.span,
    I: chunks.I.span,
    W: chunks.W.span,
    B: chunks.B.span,
    FB: chunks.FB.span,
    comm: Math.max(pieces.pp['send(F)'], pieces.pp['send(B)']),
  };
  return { commSms, costs, pieces, chunks };
}

/** A piece placed in the timeline. */
export interface PlacedPiece extends PieceSpan {
  /** index of the op in `timeline.ops[rank]` that owns the piece */
  op: number;
}

export type RankStreams = Record<keyof StreamSpans, PlacedPiece[]>;

export interface RankOverlapMetrics {
  /** summed piece durations per stream, µs */
  computeBusy: number;
  commBusy: number;
  ppBusy: number;
  /** time inside ops when the compute stream waits for communication, µs */
  exposedComm: number;
  /** rank span (first op start → last op end) minus each stream's busy time, µs */
  computeIdle: number;
  commIdle: number;
}

export interface DetailedTimeline extends Timeline {
  commSms: number;
  detail: DetailedCosts;
  /** pieces[r]: rank r's pieces per stream, in time order */
  pieces: RankStreams[];
  rankMetrics: RankOverlapMetrics[];
  /** global end, µs (iteration time of the step) */
  makespan: number;
}

function isSchedule(x: Schedule | ScheduleParams): x is Schedule {
  return 'ops' in x && 'topology' in x;
}

/**
 * Builds (for params) and simulates the schedule with detailed costs. Cost-driven orders (the
 * ZB greedy ones) are built with these costs, as a user tuning the split would get.
 */
export function detailedTimeline(input: Schedule | ScheduleParams, model: OverlapModel, commSms: number): DetailedTimeline {
  const detail = detailedCosts(model, commSms);
  const schedule = isSchedule(input) ? input : buildSchedule(input, detail.costs);
  const timeline = simulate(schedule, detail.costs);
  const { pieces, rankMetrics } = expandTimeline(timeline, detail);
  let makespan = 0;
  for (const ops of timeline.ops) for (const o of ops) if (o.end > makespan) makespan = o.end;
  return { ...timeline, commSms, detail, pieces, rankMetrics, makespan };
}

/** Iteration time (µs) with s comm SMs, without expanding pieces (for sweeps). */
export function detailedMakespan(schedule: Schedule, model: OverlapModel, commSms: number): number {
  const t = simulate(schedule, detailedCosts(model, commSms).costs);
  let makespan = 0;
  for (const ops of t.ops) for (const o of ops) if (o.end > makespan) makespan = o.end;
  return makespan;
}

/** The op's PP sends: its outputs that cross to another rank (the dependency model's opSends). */
function sends(op: Op, schedule: Schedule): PpPiece[] {
  const bits = opSends(schedule.topology, op);
  const out: PpPiece[] = [];
  if (bits & SENDS_ACTIVATION) out.push('send(F)');
  if (bits & SENDS_GRADIENT) out.push('send(B)');
  return out;
}

/**
 * Places every op's chunk pieces at the op's start (op.end − op.start equals the chunk span by
 * construction) and its cross-rank PP sends at [end, end + comm] on the pp lane. An FB's two sends
 * go to different neighbours (or directions) and are drawn concurrently, as the simulator
 * delivers both at end + comm.
 */
export function expandTimeline(timeline: Timeline, detail: DetailedCosts): { pieces: RankStreams[]; rankMetrics: RankOverlapMetrics[] } {
  const pieces: RankStreams[] = [];
  const rankMetrics: RankOverlapMetrics[] = [];
  timeline.ops.forEach((ops) => {
    const lanes: RankStreams = { compute: [], comm: [], pp: [] };
    const m: RankOverlapMetrics = { computeBusy: 0, commBusy: 0, ppBusy: 0, exposedComm: 0, computeIdle: 0, commIdle: 0 };
    ops.forEach((t, i) => {
      const chunk = detail.chunks[t.op.kind];
      for (const lane of ['compute', 'comm'] as const) {
        for (const p of chunk.streams[lane])
          lanes[lane].push({ piece: p.piece, layer: p.layer, start: t.start + p.start, end: t.start + p.end, op: i });
      }
      m.computeBusy += chunk.computeBusy;
      m.commBusy += chunk.commBusy;
      m.exposedComm += chunk.exposedComm;
      if (detail.costs.comm > 0) {
        for (const piece of sends(t.op, timeline.schedule)) {
          lanes.pp.push({ piece, layer: -1, start: t.end, end: t.end + detail.costs.comm, op: i });
          m.ppBusy += detail.costs.comm;
        }
      }
    });
    const span = ops.length === 0 ? 0 : ops[ops.length - 1].end - ops[0].start;
    m.computeIdle = span - m.computeBusy;
    m.commIdle = span - m.commBusy;
    pieces.push(lanes);
    rankMetrics.push(m);
  });
  return { pieces, rankMetrics };
}
