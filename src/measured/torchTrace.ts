/**
 * One rank's step from a PyTorch profiler (Kineto) trace of torch.distributed.pipelining
 * (docs/measured.md §1, docs/interop.md §2). Read from the trace:
 * - `PP:<action>` ranges (`cat: user_annotation`, `ph: X`): the runtime (`_PipelineScheduleRuntime`)
 *   wraps each action it executes in one; compute actions become ops, SEND/RECV/UNSHARD/... comm.
 * - the process group's receive work (`gloo:recv`, `nccl:recv …`: a user_annotation that starts
 *   inside the RECV_* range that posted it and ends when the receive completes). The runtime waits
 *   for it inside the consuming compute range (schedules.py: `_wait_batch_p2p(fwd_recv_ops.pop(..))`
 *   before `forward_one_chunk`), so a compute range = waiting + computing, split at that end.
 * - `ProfilerStep#N` ranges, to tell which step the actions belong to.
 * - the rank: `distributedInfo.rank`, else a number after "rank" in the file name.
 * Times are the trace's µs, untouched (one clock per file).
 */
import { formatOp, halfCount, halfKind, halfMicrobatch, halfStage, receivedSlots, type SlotKind } from '../engine/index.ts';
import { ImportError, quote } from '../interop/errors.ts';
import { RANGE_PREFIX, parseAction } from './action.ts';
import { TRANSFER_SLOT, type MeasuredComm, type MeasuredOp, type RankTrace } from './types.ts';

type Ev = Record<string, unknown>;
const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const RECV_WORK = /^[a-z]+:recv\b/i;
const STEP = /^ProfilerStep#(\d{1,12})$/;
const baseName = (file: string) => file.split(/[\\/]/).pop() ?? file;
const RANK_IN_NAME = /rank[_-]?(\d{1,6})(?!.*rank[_-]?\d)/i;

export const NO_PP_RANGES =
  'has no "PP:" ranges: looked for user_annotation ranges named PP:<action> (PP:0F0, PP:1I2, PP:1RECV_F0, …), which torch.distributed.pipelining records only for multi-stage schedules; single-stage ones such as Schedule1F1B and ScheduleGPipe record none';

interface Range {
  name: string;
  start: number;
  end: number;
  thread: string;
}

function eventsOf(data: unknown, file: string): { evs: unknown[]; root: Ev } {
  if (Array.isArray(data)) return { evs: data, root: {} };
  const list = typeof data === 'object' && data !== null ? (data as Ev).traceEvents : undefined;
  if (!Array.isArray(list)) throw new ImportError(`${file} is not a PyTorch profiler trace: it has no "traceEvents" array`);
  return { evs: list, root: data as Ev };
}

/** The rank that wrote the trace (distributedInfo.rank, else the file name), its world and groups. */
function rankOf(root: Ev, file: string): Pick<RankTrace, 'rank' | 'rankFrom' | 'worldSize' | 'groups'> {
  const info = typeof root.distributedInfo === 'object' && root.distributedInfo !== null ? (root.distributedInfo as Ev) : {};
  const world = Number.isInteger(info.world_size) && (info.world_size as number) > 0 ? { worldSize: info.world_size as number } : {};
  const groups = (Array.isArray(info.pg_config) ? info.pg_config : [])
    .map((g) => (typeof g === 'object' && g !== null ? (g as Ev).ranks : undefined))
    .filter((r): r is number[] => Array.isArray(r) && r.length > 0 && r.every((x) => Number.isInteger(x)));
  const extra = { ...world, ...(groups.length ? { groups } : {}) };
  if (Number.isInteger(info.rank) && (info.rank as number) >= 0)
    return { rank: info.rank as number, rankFrom: 'distributedInfo', ...extra };
  const m = RANK_IN_NAME.exec(baseName(file));
  if (m) return { rank: Number(m[1]), rankFrom: 'file name', ...extra };
  throw new ImportError(`cannot tell which rank wrote ${file}: it has no distributedInfo.rank and its name has no "rank<N>"`);
}

/** One rank's measured step from a parsed Kineto trace. Throws ImportError only. */
export function readTorchTrace(data: unknown, file: string): RankTrace {
  const { evs, root } = eventsOf(data, file);
  const pp: Range[] = [];
  const recvWork: Range[] = [];
  const steps: { step: number; start: number; end: number; pid: string }[] = [];
  for (const e of evs) {
    if (typeof e !== 'object' || e === null) continue;
    const ev = e as Ev;
    if (ev.ph !== 'X' || ev.cat !== 'user_annotation' || typeof ev.name !== 'string' || !num(ev.ts)) continue;
    const dur = num(ev.dur) && ev.dur >= 0 ? ev.dur : 0;
    const range = { name: ev.name, start: ev.ts, end: ev.ts + dur, thread: `${String(ev.pid)}/${String(ev.tid)}` };
    if (ev.name.startsWith(RANGE_PREFIX)) pp.push(range);
    else if (RECV_WORK.test(ev.name)) recvWork.push(range);
    else {
      const s = STEP.exec(ev.name);
      if (s) steps.push({ step: Number(s[1]), start: range.start, end: range.end, pid: String(ev.pid) });
    }
  }
  if (pp.length === 0) throw new ImportError(`${baseName(file)} ${NO_PP_RANGES}`);
  const who = rankOf(root, file);
  // a total order, so the same events in any order read the same (ties: zero-length SEND/RECV ranges)
  pp.sort((a, b) => a.start - b.start || b.end - a.end || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  recvWork.sort((a, b) => a.start - b.start);
  const ops: MeasuredOp[] = [];
  const comm: MeasuredComm[] = [];
  const ignored: string[] = [];
  for (const r of pp) {
    const action = parseAction(r.name.slice(RANGE_PREFIX.length));
    if (action.type === 'unknown') ignored.push(r.name);
    else if (action.type === 'compute') ops.push({ op: action.op, start: r.start, end: r.end });
    else {
      const c: MeasuredComm = { kind: action.kind, stage: action.stage, microbatch: action.microbatch, start: r.start, end: r.end };
      if (action.kind === 'RECV_F' || action.kind === 'RECV_B') {
        const arrived = completionOf(r, recvWork);
        if (arrived !== undefined) c.arrived = arrived;
      }
      comm.push(c);
    }
  }
  if (ops.length === 0)
    throw new ImportError(
      `${file} has ${pp.length} "PP:" ranges but no compute action (F, I, W, B, OVERLAP_F_B) among them${ignored.length ? `; unreadable: ${quote(ignored[0])}` : ''}`,
    );
  checkOnce(ops, who.rank, file);
  linkArrivals(ops, comm);
  return { ...who, file, steps: stepsHolding(ops, steps), ops, comm, ignored };
}

/** End of the last receive work posted inside a RECV range on the same thread (`work` sorted by start). */
function completionOf(r: Range, work: Range[]): number | undefined {
  let lo = 0;
  let hi = work.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (work[mid].start < r.start) lo = mid + 1;
    else hi = mid;
  }
  let arrived: number | undefined;
  for (let i = lo; i < work.length && work[i].start <= r.end; i++) {
    if (work[i].thread === r.thread) arrived = Math.max(arrived ?? -Infinity, work[i].end);
  }
  return arrived;
}

const key = (slot: SlotKind, stage: number, mb: number) => `${slot}:${stage}:${mb}`;

/**
 * A compute op's input arrived when the RECV posted for it completed: each half's inputs from
 * another stage (the engine's receivedSlots: F ← RECV_F, B/I ← RECV_B) on its own stage.
 */
function linkArrivals(ops: MeasuredOp[], comm: MeasuredComm[]): void {
  const arrivals = new Map<string, number>();
  for (const c of comm) {
    const slot = TRANSFER_SLOT[c.kind];
    if ((c.kind === 'RECV_F' || c.kind === 'RECV_B') && slot !== undefined && c.arrived !== undefined && c.microbatch !== null)
      arrivals.set(key(slot, c.stage, c.microbatch), c.arrived);
  }
  for (const m of ops) {
    const o = m.op;
    for (let h = 0; h < halfCount(o); h++) {
      for (const slot of receivedSlots(halfKind(o, h))) {
        const a = arrivals.get(key(slot, halfStage(o, h), halfMicrobatch(o, h)));
        if (a !== undefined) m.arrived = Math.max(m.arrived ?? -Infinity, a);
      }
    }
  }
}

/** The same action twice on one rank means the file holds more than one step. */
function checkOnce(ops: MeasuredOp[], rank: number, file: string): void {
  const seen = new Map<string, number>();
  for (const m of ops) {
    const name = formatOp(m.op);
    const first = seen.get(name);
    if (first !== undefined)
      throw new ImportError(
        `rank ${rank} (${file}) runs ${name} twice (at ${first} µs and ${m.start} µs): the trace holds more than one step; profile or export one step per file`,
      );
    seen.set(name, m.start);
  }
}

/** ProfilerStep#N ranges that contain at least one compute op. */
function stepsHolding(ops: MeasuredOp[], steps: { step: number; start: number; end: number }[]): number[] {
  const found = new Set<number>();
  for (const s of steps) if (ops.some((m) => m.start >= s.start && m.start <= s.end)) found.add(s.step);
  return [...found].sort((a, b) => a - b);
}
