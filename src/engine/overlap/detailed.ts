/**
 * The "detailed" cost mode (docs/overlap.md §3, §6; docs/schedules.md §1.3): every op's cost comes from its
 * pieces at the chosen SM split, so the SM split and the bandwidths drive the whole pipeline.
 *   F, B, I, W = span of the lone chunk (communication exposed), FB = span of the overlapped pair,
 *   comm = the PP send (the larger of activation and gradient), added by the simulator to every
 *   cross-rank dependency (an FB publishes both outputs at its end: the conservative reading).
 * The resulting timeline carries each op's pieces per stream, placed at absolute times (µs), and
 * per-rank stream metrics. With all communication at 0 the costs are exactly F, I, W, B = I + W,
 * FB = F + B, comm = 0: the plain engine.
 *
 * Per-stage costs (docs/overlap.md §6): `stageScale[s]` multiplies every layer piece of stage s
 * (compute and all-to-all alike: a stage with 1.5× the layers' work moves 1.5× the tokens' bytes
 * too); PP sends are not scaled. A lone chunk's replay is linear in its durations, so stage s's F,
 * I, W, B are the base spans × stageScale[s]; an FB pair whose forward and backward stages differ
 * in scale is replayed once per (forward, backward) stage pair the schedule runs (`StageCosts.FBPair`).
 * This covers every FB op: DualPipe's and DualPipeV's pairs and Megatron's combined 1F1B
 * (`interleaved-1f1b-megatron` with EP overlap) alike.
 */
import { OP_FB } from '../columns.ts';
import { SENDS_ACTIVATION, SENDS_GRADIENT, opSends } from '../dependencies.ts';
import { timelineMakespan } from '../metrics.ts';
import { buildSchedule } from '../schedules/index.ts';
import { simulate } from '../simulate.ts';
import type { Costs, Op, Schedule, ScheduleParams, StageCosts, Timeline } from '../types.ts';
import { scheduleColumns } from '../views.ts';
import type { ChunkResult, PieceSpan, StreamSpans } from './chunk.ts';
import { runChunk } from './chunk.ts';
import type { OverlapModel } from './commModel.ts';
import { piecesAt, validateModel } from './commModel.ts';
import type { ChunkKind } from './pairDag.ts';
import type { ChunkPieces, LayerPieces, PpPiece } from './pieces.ts';
import { LAYER_PIECES, phaseOf } from './pieces.ts';

export const CHUNK_KINDS: readonly ChunkKind[] = ['F', 'B', 'I', 'W', 'FB'];

export interface DetailedCosts {
  /** SM split the costs were computed for */
  commSms: number;
  /** engine costs in µs */
  costs: Costs;
  /** piece durations at this split, µs */
  pieces: ChunkPieces;
  /** each op kind's chunk at scale 1: its pieces (relative to the op start) and stream metrics */
  chunks: Record<ChunkKind, ChunkResult>;
  /** per global stage, the factor on every layer piece; absent = 1 on every stage */
  stageScale?: readonly number[];
  /** scaled chunks and replayed pairs, made on first use (chunkOf) */
  cache?: Map<string, ChunkResult>;
}

/** Whether the scales differ from 1 anywhere. */
function scaled(stageScale: readonly number[] | undefined): stageScale is readonly number[] {
  return stageScale !== undefined && stageScale.some((k) => k !== 1);
}

/** Stage scales must be finite and positive (a stage that takes no time has no pieces to draw). */
function checkScale(stageScale: readonly number[]): void {
  const s = stageScale.findIndex((k) => !(Number.isFinite(k) && k > 0 && k <= 1e6));
  if (s >= 0) throw new RangeError(`stage ${s}'s cost scale must be a positive number up to 1e6; got ${String(stageScale[s])}`);
}

/**
 * Engine costs (µs) from the model's pieces with s comm SMs; with `stageScale` per-stage costs
 * (F, I, W, B per stage; FB per forward stage when both halves of a stage pair scale alike, and
 * per pair once `withPairCosts` has seen the schedule).
 */
export function detailedCosts(model: OverlapModel, commSms: number, stageScale?: readonly number[]): DetailedCosts {
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
  if (!scaled(stageScale)) return { commSms, costs, pieces, chunks };
  checkScale(stageScale);
  const k = stageScale;
  const perStage: StageCosts = {
    F: k.map((x) => x * costs.F),
    I: k.map((x) => x * costs.I),
    W: k.map((x) => x * costs.W),
    B: k.map((x) => x * costs.B),
    // a pair of two stages of one scale is the base pair scaled; other pairs are replayed (FBPair)
    FB: k.map((x) => x * costs.FB),
  };
  const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
  const stageCosts: Costs = {
    F: median(perStage.F),
    I: median(perStage.I),
    W: median(perStage.W),
    B: median(perStage.B),
    FB: median(perStage.FB!),
    comm: costs.comm,
    perStage,
  };
  return { commSms, costs: stageCosts, pieces, chunks, stageScale: k.slice(), cache: new Map() };
}

/** A chunk with every time multiplied by k (a replay scales exactly with its durations). */
function scaleChunk(c: ChunkResult, k: number): ChunkResult {
  const st = (list: ChunkResult['streams']['compute']) => list.map((p) => ({ ...p, start: p.start * k, end: p.end * k }));
  return {
    kind: c.kind,
    span: c.span * k,
    streams: { compute: st(c.streams.compute), comm: st(c.streams.comm), pp: st(c.streams.pp) },
    computeBusy: c.computeBusy * k,
    commBusy: c.commBusy * k,
    ppBusy: c.ppBusy * k,
    exposedComm: c.exposedComm * k,
  };
}

/** The pair's pieces: forward-phase pieces × kf, backward and weight pieces × kb. */
function pairPieces(pieces: ChunkPieces, kf: number, kb: number): ChunkPieces {
  const layers = pieces.layers.map((l) => {
    const out = {} as LayerPieces;
    for (const p of LAYER_PIECES) out[p] = l[p] * (phaseOf(p) === 'F' ? kf : kb);
    return out;
  });
  return { layers, pp: pieces.pp };
}

/**
 * The chunk an op runs, placed relative to its start: its kind's base chunk, scaled by its
 * stage's factor; an FB pair whose stages differ in scale replayed with each half's pieces scaled
 * by its own stage's (once per stage pair).
 */
export function chunkOf(detail: DetailedCosts, op: Op): ChunkResult {
  return op.kind === 'FB' ? chunkOfRow(detail, 'FB', op.forward.stage, op.backward.stage) : chunkOfRow(detail, op.kind, op.stage, -1);
}

/**
 * `chunkOf` for an op given as a row of the engine's columns (columns.ts): its kind, its stage
 * (an FB's forward half's) and an FB's backward stage (-1 for other kinds).
 */
export function chunkOfRow(detail: DetailedCosts, kind: ChunkKind, stage: number, backwardStage: number): ChunkResult {
  const k = detail.stageScale;
  if (!k) return detail.chunks[kind];
  const cache = detail.cache ?? (detail.cache = new Map());
  const key = kind === 'FB' ? `FB:${stage}:${backwardStage}` : `${kind}:${stage}`;
  let c = cache.get(key);
  if (c) return c;
  if (kind !== 'FB') c = scaleChunk(detail.chunks[kind], k[stage]!);
  else {
    const kf = k[stage]!;
    const kb = k[backwardStage]!;
    c = kf === kb ? scaleChunk(detail.chunks.FB, kf) : runChunk('FB', pairPieces(detail.pieces, kf, kb), { pp: false });
  }
  cache.set(key, c);
  return c;
}

/**
 * The costs with every FB pair of the schedule whose stages differ in scale replayed
 * (`StageCosts.FBPair`, keyed forward·S + backward); the costs themselves when there is none.
 */
export function withPairCosts(detail: DetailedCosts, schedule: Schedule): Costs {
  const k = detail.stageScale;
  const t = detail.costs.perStage;
  if (!k || !t) return detail.costs;
  const S = t.F.length;
  const pairs = new Map<number, number>();
  const c = scheduleColumns(schedule);
  for (let i = 0; i < c.count; i++) {
    if (c.kind[i] !== OP_FB) continue;
    const f = c.stage[i];
    const b = c.bstage[i];
    if (k[f] === k[b]) continue;
    const key = f * S + b;
    if (!pairs.has(key)) pairs.set(key, chunkOfRow(detail, 'FB', f, b).span);
  }
  return pairs.size === 0 ? detail.costs : { ...detail.costs, perStage: { ...t, FBPair: pairs } };
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
export function detailedTimeline(
  input: Schedule | ScheduleParams,
  model: OverlapModel,
  commSms: number,
  stageScale?: readonly number[],
): DetailedTimeline {
  const detail = detailedCosts(model, commSms, stageScale);
  const schedule = isSchedule(input) ? input : buildSchedule(input, detail.costs);
  const timeline = simulate(schedule, withPairCosts(detail, schedule));
  const { pieces, rankMetrics } = expandTimeline(timeline, detail);
  return { ...timeline, commSms, detail, pieces, rankMetrics, makespan: timelineMakespan(timeline) };
}

/** Iteration time (µs) with s comm SMs, without expanding pieces (for sweeps). */
export function detailedMakespan(schedule: Schedule, model: OverlapModel, commSms: number, stageScale?: readonly number[]): number {
  return timelineMakespan(simulate(schedule, withPairCosts(detailedCosts(model, commSms, stageScale), schedule)));
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
      const chunk = chunkOf(detail, t.op);
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
