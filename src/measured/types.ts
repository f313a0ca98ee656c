/**
 * Measured pipeline steps (docs/measured.md): what one training step's per-rank traces say each rank
 * ran, when, and what it waited for. Times are microseconds. Readers return times on each file's
 * own clock (`RankTrace`); `assembleRun` puts every rank on one clock and makes the earliest
 * compute op over all ranks time 0 (`MeasuredRun`). Stage and micro-batch ids are global, as in the
 * engine (src/engine/types.ts).
 */
import { FWD, GRAD, type Op, type Schedule, type SlotKind } from '../engine/index.ts';

/** Communication and bookkeeping actions of torch's pipelining runtime (`_ComputationType`). */
export const COMM_KINDS = ['SEND_F', 'RECV_F', 'SEND_B', 'RECV_B', 'UNSHARD', 'RESHARD', 'REDUCE_GRAD'] as const;
export type CommKind = (typeof COMM_KINDS)[number];

/**
 * The data a transfer action moves, as the engine's slot kind (dependencies.ts): `_F` a forward's
 * activation, `_B` a backward's input gradient. A SEND names the producer's stage, a RECV the
 * consumer's.
 */
export const TRANSFER_SLOT: Readonly<Partial<Record<CommKind, SlotKind>>> = { SEND_F: FWD, RECV_F: FWD, SEND_B: GRAD, RECV_B: GRAD };

/** A compute action as the trace records it. */
export interface MeasuredOp {
  op: Op;
  /** range start and end, µs (the trace's own numbers) */
  start: number;
  end: number;
  /**
   * When the op's received input was complete, µs, if the trace records it (torch: the end of the
   * process group's `recv` work that the action's RECV posted). The runtime waits for it inside the
   * compute range, so compute begins at max(start, arrived).
   */
  arrived?: number;
  /** Megatron PP-timer: the model chunk, resolved to a global stage once P is known */
  chunk?: number;
}

export interface MeasuredComm {
  kind: CommKind;
  stage: number;
  /** null for UNSHARD, RESHARD and REDUCE_GRAD, which act on a whole stage */
  microbatch: number | null;
  start: number;
  end: number;
  /** RECV_*: when the posted receive completed, µs (see MeasuredOp.arrived) */
  arrived?: number;
}

/** One rank's step as read from one file, on that file's clock. */
export interface RankTrace {
  rank: number;
  /** where the rank number came from, for messages */
  rankFrom: 'distributedInfo' | 'file name';
  /** the file it came from (display only) */
  file: string;
  /** world size the trace reports, if any */
  worldSize?: number;
  /** rank lists of the process groups the trace reports (distributedInfo.pg_config) */
  groups?: number[][];
  /** profiler step numbers (ProfilerStep#N) whose range holds the pipeline actions */
  steps: number[];
  /** compute actions in the order the trace shows them (by start time) */
  ops: MeasuredOp[];
  comm: MeasuredComm[];
  /** `PP:` ranges whose name is not an action of the grammar (skipped) */
  ignored: string[];
}

export type TraceFormat = 'torch-profiler' | 'megatron-pp-timer';

/** All ranks of one step on one clock, time 0 = earliest compute op start. */
export interface MeasuredRun {
  format: TraceFormat;
  files: string[];
  ranks: number;
  microbatches: number;
  stages: number;
  /** rankStages[r] = global stages held by rank r, ascending */
  rankStages: number[][];
  /** measured[r] = rank r's compute ops (ordered by start) and comm actions */
  measured: { ops: MeasuredOp[]; comm: MeasuredComm[] }[];
  /** the measured per-rank op order as an engine schedule (name 'custom', inferred topology) */
  order: Schedule;
  /** latest compute op end, µs */
  makespan: number;
  clock: ClockReport;
  /** things the user should know that are not errors (skipped ranges, renumbered ranks) */
  notes: string[];
}

/**
 * How the ranks were put on one clock. `shared`: the files' clocks agree with every send/receive
 * pair (a receive never completes before its send starts), so their times are used as they are.
 * Otherwise `offsets[r]` µs were added to rank r's times, chosen inside `bounds[r]`, the interval
 * the pairs allow relative to rank 0.
 */
export interface ClockReport {
  shared: boolean;
  /** send/receive pairs the check used */
  pairs: number;
  /** pairs that contradict the files' own clocks */
  violations: number;
  offsets: number[];
  bounds: [number, number][];
}
