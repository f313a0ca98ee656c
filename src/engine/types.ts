/**
 * Engine data model: ops, per-rank op orders, costs, timelines.
 *
 * Units: every time in the engine is in abstract "cost units" — whatever the caller's costs are
 * in (unit costs for paper figures, microseconds in the detailed overlap mode). Stage and
 * micro-batch ids are global and follow the golden encoding (fixtures/golden/README.md): stage s of
 * S; DualPipe's reverse direction uses stages P..2P-1 and micro-batches M/2..M-1.
 */

/** Kinds of compute op. `B` = full backward, `I` = backward for input, `W` = backward for weights. */
export type OpKind = 'F' | 'B' | 'I' | 'W' | 'FB';
export type SimpleKind = Exclude<OpKind, 'FB'>;

/** One unit of work of one stage on one micro-batch. */
export interface StageMb {
  /** global stage id (0..S-1) */
  stage: number;
  /** global micro-batch id (0..M-1) */
  microbatch: number;
}

export interface SimpleOp extends StageMb {
  kind: SimpleKind;
  /**
   * Sequence chunk of the micro-batch (Seq1F1B, 0-based); absent = the whole micro-batch. Every
   * dependency stays within one (micro-batch, split); the splits of one stage are ordered by the
   * rank's op order alone (sail-sg `ScheduledNode.get_prev_key`).
   */
  split?: number;
}

/** An overlapped forward + full backward pair (DualPipe "F&B", torch OVERLAP_F_B). */
export interface FBOp {
  kind: 'FB';
  forward: StageMb;
  backward: StageMb;
}

export type Op = SimpleOp | FBOp;

export const SCHEDULE_NAMES = [
  'gpipe',
  '1f1b',
  'interleaved-1f1b',
  'looped-bfs',
  'zb-h1',
  'zb-h2',
  'zb-v',
  'zb-v-auto',
  'v-half',
  'v-min',
  'dualpipe',
  'dualpipev',
  'zb-auto',
  'v-auto',
  '1f1b-v',
  'seq1f1b',
  'interleaved-zb',
  'interleaved-1f1b-megatron',
] as const;
export type ScheduleName = (typeof SCHEDULE_NAMES)[number];

/** What the user asks for. */
export interface ScheduleParams {
  schedule: ScheduleName;
  /** pipeline ranks (devices) P */
  ranks: number;
  /** micro-batches per step M (DualPipe: both directions together) */
  microbatches: number;
  /** local stages per rank; interleaved-1f1b, looped-bfs, interleaved-zb and interleaved-1f1b-megatron take it (default 2) */
  stagesPerRank?: number;
  /** seq1f1b: sequence chunks per micro-batch N (default 2) */
  seqSplits?: number;
  /** interleaved-1f1b-megatron: contiguous micro-batches per virtual stage (`microbatch_group_size_per_vp_stage`, default P) */
  groupSize?: number;
  /** interleaved-1f1b-megatron: Megatron's combined 1F1B (EP all-to-all overlap; forward and backward issued as one FB op) */
  epOverlap?: boolean;
  /**
   * zb-auto: memory limit per rank in the units of `Costs.memory` (one number for every rank, or
   * one per rank; default 2·P·memory.F of the rank's stage). v-auto: whole forward activations
   * (default 2P, the family's ceiling).
   */
  memLimit?: number | number[];
}

/**
 * The pipeline topology a schedule runs on: which rank holds each stage and how stages chain.
 * `prevStage[s]` feeds F(s); `nextStage[s]` feeds B/I(s). -1 = pipeline end.
 */
export interface Topology {
  numStages: number;
  /** distinct model parts: S for most schedules, P for DualPipe (its directions share weights) */
  modelParts: number;
  stageRank: number[];
  prevStage: number[];
  nextStage: number[];
  /** rankStages[r] = stage ids held by rank r, in local chunk order */
  rankStages: number[][];
  /**
   * DualPipe: stages 0..P-1 run micro-batches 0..M/2-1 and stages P..2P-1 run M/2..M-1.
   * Absent or false: every stage runs every micro-batch.
   */
  splitMicrobatches?: boolean;
}

/** A per-rank op order: what the reference implementation executes, without timing. */
export interface Schedule {
  name: ScheduleName | 'custom';
  ranks: number;
  microbatches: number;
  stagesPerRank: number;
  topology: Topology;
  /** ops[r] = rank r's compute ops in execution order */
  ops: Op[][];
  /** sequence chunks per micro-batch when ops carry `split` (seq1f1b); absent = 1 */
  seqSplits?: number;
  /** what the generator reports about this order (e.g. where the reference departs from its own limit) */
  notes?: string[];
}

/**
 * Op durations in cost units, plus the latency added to every cross-rank dependency. With
 * `perStage` (a costs file) an op of kind K on stage s lasts `perStage[K][s]` and the scalars are
 * the median stage's (the single value references that take one cost per kind are given).
 */
export interface Costs {
  F: number;
  I: number;
  W: number;
  /** full backward; default I + W */
  B: number;
  /** overlapped F&B pair; default F + B */
  FB: number;
  comm: number;
  perStage?: StageCosts;
  /** activation memory per op and stage (costs file); absent = F 1, I 0, W −1 on every stage */
  memory?: StageMemory;
}

/** Per-stage op costs, one entry per global stage (docs/cli.md, costs file). */
export interface StageCosts {
  F: number[];
  I: number[];
  W: number[];
  /** default I + W stage by stage */
  B: number[];
  /** FB op cost indexed by its forward half's stage; absent: F[forward stage] + B[backward stage] */
  FB?: number[];
  /**
   * FB op cost per (forward stage f, backward stage b) pair, keyed f·S + b: the detailed overlap
   * mode's replayed pairs when stages differ in size (overlap/detailed.ts); takes precedence over FB.
   */
  FBPair?: Map<number, number>;
}

/**
 * Activation memory each op allocates (F, ≥ 0) or frees (I, W, ≤ 0) on each global stage, in any
 * memory unit; F + I + W = 0 per stage (sail-sg `GraphConfig` mem_f/mem_b/mem_w).
 */
export interface StageMemory {
  F: number[];
  I: number[];
  W: number[];
}

export interface TimedOp {
  op: Op;
  start: number;
  end: number;
}

export interface Timeline {
  schedule: Schedule;
  costs: Costs;
  /** ops[r][i] = timing of schedule.ops[r][i] */
  ops: TimedOp[][];
}
