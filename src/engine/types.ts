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
] as const;
export type ScheduleName = (typeof SCHEDULE_NAMES)[number];

/** What the user asks for. */
export interface ScheduleParams {
  schedule: ScheduleName;
  /** pipeline ranks (devices) P */
  ranks: number;
  /** micro-batches per step M (DualPipe: both directions together) */
  microbatches: number;
  /** local stages per rank; only interleaved-1f1b and looped-bfs take it (default 2) */
  stagesPerRank?: number;
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
}

/** Op durations in cost units, plus the latency added to every cross-rank dependency. */
export interface Costs {
  F: number;
  I: number;
  W: number;
  /** full backward; default I + W */
  B: number;
  /** overlapped F&B pair; default F + B */
  FB: number;
  comm: number;
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
