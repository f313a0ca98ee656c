/**
 * Test helper: traces of a step as torch's runtime and Megatron's PP timer would record it, made
 * from an engine timeline. torch: each compute action's range runs from the end of the rank's
 * previous action (the runtime reaches it at once) to the op's simulated end, so it includes the
 * wait for its input; the RECV posted for that input (zero-length, at the range start) carries a
 * `gloo:recv` work range that completes when the producer's data arrives (producer end + comm);
 * the producer's SEND is a zero-length range at its end. Fitting such a trace must give back the
 * simulated costs and comm exactly.
 */
import { FWD, edgesOf, halfStage, type Edge, type Timeline } from '../../engine/index.ts';
import { torchAction } from '../../interop/torchCsv.ts';

type Ev = Record<string, unknown>;

export interface SynthOptions {
  /** added to every ts of rank r (its clock) */
  clock?: (rank: number) => number;
  /** ProfilerStep#N around the rank's actions */
  step?: (rank: number) => number | undefined;
}

/** Per-rank Kineto traces ({traceEvents, distributedInfo}) of the timeline. */
export function synthTorchTraces(t: Timeline, options: SynthOptions = {}): Ev[] {
  const P = t.ops.length;
  const comm = t.costs.comm;
  // the engine's cross-rank dependencies, by consumer (its RECVs) and by producer (its SENDs)
  const recvs = t.ops.map((ops) => ops.map((): Edge[] => []));
  const sends = t.ops.map((ops) => ops.map((): Edge[] => []));
  for (const e of edgesOf(t.schedule)) {
    if (e.fromRank === e.toRank) continue;
    recvs[e.toRank][e.toIndex].push(e);
    sends[e.fromRank][e.fromIndex].push(e);
  }
  const dir = (e: Edge) => (e.slot === FWD ? 'F' : 'B');
  return t.ops.map((ops, rank) => {
    const shift = options.clock?.(rank) ?? 0;
    const evs: Ev[] = [];
    const range = (name: string, start: number, end: number) =>
      evs.push({ ph: 'X', cat: 'user_annotation', name, pid: 100 + rank, tid: 100 + rank, ts: start + shift, dur: end - start });
    let free = 0;
    ops.forEach(({ op, end }, i) => {
      for (const e of recvs[rank][i]) {
        const arrived = t.ops[e.fromRank][e.fromIndex].end + comm;
        range(`PP:${halfStage(op, e.toHalf)}RECV_${dir(e)}${e.microbatch}`, free, free);
        range('gloo:recv', free, Math.max(free, arrived));
      }
      range(`PP:${torchAction(op)}`, free, end);
      for (const e of sends[rank][i]) range(`PP:${e.stage}SEND_${dir(e)}${e.microbatch}`, end, end);
      free = end;
    });
    const step = options.step?.(rank);
    if (step !== undefined) range(`ProfilerStep#${step}`, -1, free + 1);
    return { schemaVersion: 1, distributedInfo: { backend: 'gloo', rank, world_size: P }, traceEvents: evs };
  });
}

/** Per-rank Megatron PP-timer files ({name, data}) of a timeline on a looped layout (ms). */
export function synthMegatronFiles(t: Timeline): { name: string; data: Record<string, number> }[] {
  const P = t.ops.length;
  const v = t.schedule.stagesPerRank;
  return t.ops.map((ops, rank) => {
    const data: Record<string, number> = {};
    for (const { op, start, end } of ops) {
      if (op.kind !== 'F' && op.kind !== 'B') throw new Error('PP-timer files record forward and full backward only');
      const chunk = Math.floor(op.stage / P);
      const id = `${op.kind === 'F' ? 'forward' : 'backward'}-${v > 1 ? `${chunk}-` : ''}${op.microbatch}`;
      data[`${id}-start`] = start / 1000;
      data[`${id}-end`] = end / 1000;
    }
    data['total-execution-time'] = Math.max(...ops.map((o) => o.end)) / 1000;
    return { name: `event_times_PP${P}_VPP${v}_TPxCPxDP_rank_0_pp_rank_${rank}_rank_${rank}.json`, data };
  });
}
