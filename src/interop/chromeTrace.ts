/**
 * Chrome Trace Event Format export (docs/interop.md §1), for chrome://tracing, Perfetto and HTA.
 *
 * Mapping (docs/interop.md "recommended export mapping"): pid = rank (process_name "rank r (stages
 * a,b)"), tid = stream — 0 compute, 1 EP comm (dispatch/combine), 2 PP send, 3 PP recv — each
 * with a thread_name. Op slices ("F", "B", "I", "W", "F&B") sit on the compute tid; in the
 * detailed overlap mode their compute pieces nest inside them and their all-to-all pieces sit on
 * the comm tid. Every cross-rank dependency becomes a send slice, a recv slice (when comm > 0) and
 * an `s`→`f` flow; per-rank memory is a `C` counter; `otherData` carries the whole project.
 *
 * Time: ts/dur are µs. Engine times are cost units, so they are scaled by `usPerUnit` (default
 * 1000: one unit shows as 1 ms; pass 1 when costs are µs) and rounded to 3 decimals (ns).
 *
 * Invariant (Perfetto accepts only perfectly nested slices per track): slices on one (pid, tid)
 * never partially overlap. Concurrent transfers (an F&B sends both ways at once; a long comm
 * latency outlasts the next op) are spread over extra lanes tid + 10k, named "PP send #2" etc.
 */
import {
  FWD,
  activationSeries,
  computeMetrics,
  crossRankEdges,
  halfCount,
  halfMicrobatch,
  halfStage,
  stageChunk,
  stageDirection,
} from '../engine/index.ts';
import type { Op, Timeline } from '../engine/index.ts';
import type { ChunkResult, RankStreams } from '../engine/overlap/index.ts';
import type { Project } from './projectFile.ts';

export interface TraceEvent {
  name: string;
  ph: 'X' | 'C' | 's' | 'f' | 'M';
  pid: number;
  tid?: number;
  ts?: number;
  dur?: number;
  cat?: string;
  id?: number;
  bp?: 'e';
  args?: Record<string, unknown>;
}

export interface ChromeTrace {
  traceEvents: TraceEvent[];
  displayTimeUnit: 'ms';
  otherData: Record<string, unknown>;
}

export interface TraceOptions {
  /** µs per engine cost unit (default 1000, or 1 for a DetailedTimeline, whose costs are µs) */
  usPerUnit?: number;
  /** per-rank stream pieces (default: a DetailedTimeline's own `pieces`) */
  pieces?: RankStreams[];
  /** the parameters, stored in otherData so the trace documents how it was made */
  project?: Project;
}

export const TIDS = { compute: 0, comm: 1, send: 2, recv: 3 } as const;
const LANE_NAMES = ['compute', 'EP comm (dispatch/combine)', 'PP send', 'PP recv'];
/** tid of sub-lane k of base lane b (k = 0 is the lane itself) */
const subTid = (base: number, k: number) => base + 10 * k;

const r3 = (x: number) => {
  const v = Math.round(x * 1000) / 1000;
  return v === 0 ? 0 : v;
};

/** A slice with optional nested children; lanes are allocated per group by its outer span. */
interface Group {
  pid: number;
  lane: number;
  start: number;
  end: number;
  events: TraceEvent[];
  /** flow ends bound to this group's first slice: [id, phase] */
  flows: [number, 's' | 'f'][];
}

function slice(name: string, cat: string, pid: number, start: number, end: number, args: Record<string, unknown>): TraceEvent {
  const ts = r3(start);
  // dur from rounded ends, so touching slices stay touching after rounding
  return { name, cat, ph: 'X', pid, ts, dur: r3(r3(end) - ts), args };
}

/**
 * Greedy interval partitioning per (pid, lane): each group goes to the first sub-lane whose last
 * group ended by its start. Sorting by start makes the result deterministic and optimal.
 */
function placeGroups(groups: Group[], events: TraceEvent[], threads: Map<number, Set<number>>): void {
  const order = groups
    .map((_, i) => i)
    .sort((a, b) => groups[a].pid - groups[b].pid || groups[a].lane - groups[b].lane || groups[a].start - groups[b].start || a - b);
  const lastEnd = new Map<string, number[]>();
  for (const i of order) {
    const g = groups[i];
    const key = `${g.pid}:${g.lane}`;
    const ends = lastEnd.get(key) ?? [];
    lastEnd.set(key, ends);
    let k = ends.findIndex((e) => e <= r3(g.start));
    if (k < 0) k = ends.push(0) - 1;
    ends[k] = r3(g.end);
    const tid = subTid(g.lane, k);
    if (!threads.has(g.pid)) threads.set(g.pid, new Set());
    threads.get(g.pid)!.add(tid);
    for (const e of g.events) events.push({ ...e, tid });
    const first = g.events[0];
    for (const [id, ph] of g.flows) {
      // bind at the slice's midpoint: unambiguous even when a neighbour touches its start or end
      const ts = r3(first.ts! + first.dur! / 2);
      events.push(
        ph === 's'
          ? { name: 'pp', cat: 'pp', ph: 's', id, pid: g.pid, tid, ts }
          : { name: 'pp', cat: 'pp', ph: 'f', bp: 'e', id, pid: g.pid, tid, ts },
      );
    }
  }
}

function opName(op: Op): string {
  return op.kind === 'FB' ? 'F&B' : op.kind;
}

function opArgs(op: Op, timeline: Timeline): Record<string, unknown> {
  const { schedule } = timeline;
  const topo = schedule.topology;
  const half = (h: number) => {
    const stage = halfStage(op, h);
    return {
      stage,
      microbatch: halfMicrobatch(op, h),
      chunk: stageChunk(topo, stage),
      direction: stageDirection(topo, stage) === 1 ? 'rev' : 'fwd',
    };
  };
  if (halfCount(op) === 2) return { forward: half(0), backward: half(1), schedule: schedule.name };
  return { ...half(0), schedule: schedule.name };
}

/** The timeline (and its pieces, in the detailed mode) as a Chrome trace object. */
export function chromeTrace(timeline: Timeline, opts: TraceOptions = {}): ChromeTrace {
  const detailed = 'pieces' in timeline ? (timeline as Timeline & { pieces: RankStreams[] }).pieces : undefined;
  const k = opts.usPerUnit ?? (detailed ? 1 : 1000);
  const pieces = opts.pieces ?? detailed;
  const { schedule } = timeline;
  const groups: Group[] = [];
  const opGroup: Group[][] = timeline.ops.map(() => []);
  timeline.ops.forEach((ops, r) =>
    ops.forEach(({ op, start, end }, i) => {
      const g: Group = {
        pid: r,
        lane: TIDS.compute,
        start: start * k,
        end: end * k,
        events: [slice(opName(op), 'compute', r, start * k, end * k, opArgs(op, timeline))],
        flows: [],
      };
      groups.push(g);
      opGroup[r][i] = g;
    }),
  );
  pieces?.forEach((lanes, r) => {
    for (const p of lanes.compute)
      opGroup[r][p.op]?.events.push(slice(p.piece, 'compute', r, p.start * k, p.end * k, { layer: p.layer, op: p.op }));
    for (const p of lanes.comm)
      groups.push({
        pid: r,
        lane: TIDS.comm,
        start: p.start * k,
        end: p.end * k,
        events: [slice(p.piece, 'a2a', r, p.start * k, p.end * k, { layer: p.layer, op: p.op })],
        flows: [],
      });
  });
  const comm = timeline.costs.comm * k;
  let id = 0;
  for (const e of crossRankEdges(schedule)) {
    const [a, i, b, j, mb] = [e.fromRank, e.fromIndex, e.toRank, e.toIndex, e.microbatch];
    const what = e.slot === FWD ? 'F' : 'B';
    id++;
    const from = timeline.ops[a][i];
    if (comm > 0) {
      const t0 = from.end * k;
      const args = { microbatch: mb, from: a, to: b, schedule: schedule.name };
      groups.push({
        pid: a,
        lane: TIDS.send,
        start: t0,
        end: t0 + comm,
        events: [slice(`send(${what})`, 'pp', a, t0, t0 + comm, args)],
        flows: [[id, 's']],
      });
      groups.push({
        pid: b,
        lane: TIDS.recv,
        start: t0,
        end: t0 + comm,
        events: [slice(`recv(${what})`, 'pp', b, t0, t0 + comm, args)],
        flows: [[id, 'f']],
      });
    } else {
      opGroup[a][i].flows.push([id, 's']);
      opGroup[b][j].flows.push([id, 'f']);
    }
  }
  const events: TraceEvent[] = [];
  const threads = new Map<number, Set<number>>();
  placeGroups(groups, events, threads);
  const metrics = computeMetrics(timeline);
  for (let r = 0; r < timeline.ops.length; r++) {
    for (const [t, alive] of activationSeries(timeline, r)) {
      events.push({
        name: 'memory (model parts)',
        ph: 'C',
        pid: r,
        ts: r3(t * k),
        args: { activations: alive, params: metrics.paramsPerRank[r] },
      });
    }
  }
  const meta: TraceEvent[] = [];
  schedule.topology.rankStages.forEach((stages, r) => {
    meta.push({ name: 'process_name', ph: 'M', pid: r, args: { name: `rank ${r} (stages ${stages.join(',')})` } });
    meta.push({ name: 'process_sort_index', ph: 'M', pid: r, args: { sort_index: r } });
    for (const tid of [...(threads.get(r) ?? [])].sort((x, y) => x - y)) {
      const lane = tid % 10;
      const n = Math.floor(tid / 10);
      meta.push({
        name: 'thread_name',
        ph: 'M',
        pid: r,
        tid,
        args: { name: n === 0 ? LANE_NAMES[lane] : `${LANE_NAMES[lane]} #${n + 1}` },
      });
      // keep a lane's overflow threads next to it: compute, comm, send, send #2, recv, recv #2
      meta.push({ name: 'thread_sort_index', ph: 'M', pid: r, tid, args: { sort_index: lane * 10 + n } });
    }
  });
  return {
    traceEvents: [...meta, ...events],
    displayTimeUnit: 'ms',
    otherData: {
      generator: 'pipescope',
      timeUnit: `1 cost unit = ${k} µs`,
      units: { ts: 'µs', dur: 'µs', makespan: k === 1 ? 'µs' : 'cost units', bubbleRatio: 'fraction of makespan' },
      schedule: schedule.name,
      makespan: metrics.makespan,
      bubbleRatio: metrics.bubbleRatio,
      ...(opts.project ? { project: opts.project } : {}),
    },
  };
}

/** One overlapped pair (or lone chunk) on its compute/comm/pp streams, µs (CLI `overlap`). */
export function chunkTrace(chunk: ChunkResult, otherData: Record<string, unknown> = {}): ChromeTrace {
  const lanes = [
    ['compute', TIDS.compute, 'compute'],
    ['comm', TIDS.comm, 'a2a'],
    ['pp', TIDS.send, 'pp'],
  ] as const;
  const events: TraceEvent[] = [
    { name: 'process_name', ph: 'M', pid: 0, args: { name: `${chunk.kind === 'FB' ? 'F&B pair' : `${chunk.kind} chunk`}` } },
  ];
  for (const [stream, tid, cat] of lanes) {
    if (chunk.streams[stream].length === 0) continue;
    events.push({ name: 'thread_name', ph: 'M', pid: 0, tid, args: { name: LANE_NAMES[tid] } });
    for (const p of chunk.streams[stream]) events.push({ ...slice(p.piece, cat, 0, p.start, p.end, { layer: p.layer }), tid });
  }
  return {
    traceEvents: events,
    displayTimeUnit: 'ms',
    otherData: { generator: 'pipescope', timeUnit: 'µs', span: chunk.span, exposedComm: chunk.exposedComm, ...otherData },
  };
}

export function traceJson(trace: ChromeTrace): string {
  return JSON.stringify(trace) + '\n';
}
