/**
 * Schedules and timelines backed by columns (columns.ts), with the object-shaped API on top:
 * `Schedule.ops[r][i]` and `Timeline.ops[r][i]` are built from the columns on first read (one
 * pass, then kept) for code that wants objects, while the engine's own passes read the columns.
 *
 * Why accessors on each object rather than a class: spreading a schedule (`{ ...s, name }`),
 * structuredClone (postMessage to a worker) and JSON read own enumerable properties, so `ops` is
 * one, and gives the objects. The columns are kept beside the object (a WeakMap), not on it: a
 * copy that replaces `ops` (`{ ...s, ops: edited }`) must not carry columns that no longer match.
 * Assigning `ops` drops the columns; the materialised arrays are frozen, so an edit in place fails
 * loudly instead of leaving the columns behind. A schedule or timeline built as a plain object
 * (an importer's) has no columns: `scheduleColumns` / `timelineColumns` read its objects.
 */
import { columnsFromOps, opsFromColumns, type OpColumns } from './columns.ts';
import type { Costs, Op, Schedule, TimedOp, Timeline } from './types.ts';

/** A timeline's columns: its ops' rows and, per row, start and end (cost units). */
export interface TimelineColumns {
  ops: OpColumns;
  start: Float64Array;
  end: Float64Array;
}

const scheduleStore = new WeakMap<Schedule, OpColumns>();
const timelineStore = new WeakMap<Timeline, TimelineColumns>();

/** Makes `ops` of `target` a lazily built, cached, reassignable own property; a write calls `drop`. */
function lazyOps<T extends object, V>(target: T, build: () => V, drop: () => void): void {
  let value: V | undefined;
  Object.defineProperty(target, 'ops', {
    enumerable: true,
    configurable: true,
    get: () => (value ??= build()),
    set: (v: V) => {
      Object.defineProperty(target, 'ops', { value: v, writable: true, enumerable: true, configurable: true });
      drop();
    },
  });
}

/** A schedule whose ops are the columns' rows (`meta.ops` is ignored). */
export function columnSchedule(meta: Omit<Schedule, 'ops'>, columns: OpColumns): Schedule {
  const { name, ranks, microbatches, stagesPerRank, topology, ...rest } = meta;
  // key order as a generator's object literal had it
  const s = { name, ranks, microbatches, stagesPerRank, topology, ops: [] as Op[][], ...rest } as Schedule;
  lazyOps(
    s,
    () => opsFromColumns(columns),
    () => scheduleStore.delete(s),
  );
  scheduleStore.set(s, columns);
  return s;
}

/** The schedule's columns: its own, or read from its op objects. */
export function scheduleColumns(s: Schedule): OpColumns {
  return scheduleStore.get(s) ?? columnsFromOps(s.ops);
}

/** Whether the schedule is backed by columns (its `ops` objects are views). */
export function hasColumns(s: Schedule | Timeline): boolean {
  return 'schedule' in s ? timelineStore.has(s) : scheduleStore.has(s);
}

/** A timeline of `schedule` whose times are the columns; `ops[r][i].op` is `schedule.ops[r][i]`. */
export function columnTimeline(schedule: Schedule, costs: Costs, columns: TimelineColumns): Timeline {
  const t = { schedule, costs, ops: [] as TimedOp[][] } as Timeline;
  lazyOps(
    t,
    () => {
      const { start, end, ops: c } = columns;
      const ops = schedule.ops;
      const out: TimedOp[][] = [];
      for (let r = 0; r < c.ranks; r++) {
        const a = c.rankStart[r];
        const row = new Array<TimedOp>(c.rankStart[r + 1] - a);
        for (let i = 0; i < row.length; i++) row[i] = { op: ops[r][i], start: start[a + i], end: end[a + i] };
        out.push(Object.freeze(row) as TimedOp[]);
      }
      return Object.freeze(out) as TimedOp[][];
    },
    () => timelineStore.delete(t),
  );
  timelineStore.set(t, columns);
  return t;
}

/** The timeline's columns: its own, or read from its timed op objects. */
export function timelineColumns(t: Timeline): TimelineColumns {
  const own = timelineStore.get(t);
  if (own) return own;
  const ops = columnsFromOps(t.ops.map((rank) => rank.map((o) => o.op)));
  const start = new Float64Array(ops.count);
  const end = new Float64Array(ops.count);
  let i = 0;
  for (const rank of t.ops) {
    for (const o of rank) {
      start[i] = o.start;
      end[i++] = o.end;
    }
  }
  return { ops, start, end };
}

/**
 * A timeline backed by columns: itself when it is, else its ops read once into columns (a timeline
 * posted from a worker arrives as plain objects; every later pass then reads the columns instead
 * of converting the objects again). The ops, times and costs are the same.
 */
export function withColumns(t: Timeline): Timeline {
  if (timelineStore.has(t)) return t;
  const columns = timelineColumns(t);
  const { ops: _ops, ...meta } = t.schedule;
  const schedule = scheduleStore.has(t.schedule) ? t.schedule : columnSchedule(meta, columns.ops);
  return columnTimeline(schedule, t.costs, columns);
}
