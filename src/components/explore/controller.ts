/**
 * The Explore page's sweep runs: owns the worker pool (app/explorePool.ts), turns the store's
 * explore inputs and the schedule page's costs into a list of combinations, and keeps the rows
 * (derived data, so not in the store) for the components, which read them through
 * useSyncExternalStore. One controller per app store (a WeakMap), so results survive switching pages.
 *
 * Run policy: while the Explore page is shown, a change of what the sweep depends on (schedules,
 * lists, costs — not the filters) cancels a running sweep and starts the new one after a short
 * pause (typing "4:32:4" passes through "4:3"); Cancel stops it, keeping the rows so far, and Run
 * starts it again. Rows stream in as batches land; subscribers hear of them at most once a frame.
 */
import { costsIssue, type Costs } from '../../engine/index.ts';
import { ExplorePool, type RunningSweep } from '../../app/explorePool.ts';
import {
  MAX_EXPLORE_POINTS,
  exploreAxes,
  exploreSourceSpec,
  parseExploreList,
  type ExploreInputs,
  type ExploreListKey,
} from '../../pipeline/exploreInputs.ts';
import { sweepPoints, sweepSize, type SweepPoint, type SweepRow } from '../../pipeline/sweep.ts';
import type { AppState, AppStore } from '../../store/index.ts';
import type { CostUnit } from '../../store/params.ts';
import { UI_MAX_OPS, plainCosts } from '../../store/validate.ts';

export type ExploreStatus = 'idle' | 'blocked' | 'running' | 'done' | 'cancelled' | 'error';

export interface ExploreRun {
  status: ExploreStatus;
  /** why the inputs cannot run (a sentence for the run bar), when blocked */
  blocked: string | null;
  points: readonly SweepPoint[];
  /** rows by point index; undefined until its batch lands */
  rows: readonly (SweepRow | undefined)[];
  done: number;
  /** the costs and their unit the rows were computed with */
  costs: Partial<Costs>;
  costUnit: CostUnit;
  /** the model the rows were computed with (costs in µs, memory in bytes); null: op costs per stage */
  model: Pick<ExploreInputs, 'setup' | 'gpu' | 'mfu'> | null;
  error: string | null;
  /** wall time of the run so far or in all, ms */
  wallMs: number;
  /** bumps on every change: components memoise on it */
  version: number;
}

export const DEBOUNCE_MS = 250;
/** Least time between two streamed updates the page redraws for, ms (the last one always shows). */
export const STREAM_INTERVAL_MS = 120;
const LIST_KEYS: readonly ExploreListKey[] = ['ranks', 'microbatches', 'stagesPerRank', 'memLimit'];

/** Why these inputs cannot run, or null. */
export function blockedReason(s: AppState): string | null {
  if (LIST_KEYS.some((k) => !parseExploreList(k, s.exploreDrafts[k]).ok)) return 'Fix the highlighted list to run.';
  if (s.explore.schedules.length === 0) return 'Choose at least one schedule.';
  const n = sweepSize(exploreAxes(s.explore), true);
  if (n > MAX_EXPLORE_POINTS)
    return `The lists give ${n.toLocaleString('en-US')} configurations; this page sweeps up to ${MAX_EXPLORE_POINTS.toLocaleString('en-US')} (pipescope sweep takes 200,000).`;
  const c = s.explore.source === 'costs' ? costsIssue(plainCosts(s.params)) : null;
  if (c) return `The costs do not run: ${c.message}.`;
  return null;
}

/** What a sweep depends on: a change of it means new rows. */
function runKey(s: AppState): string {
  const { schedules, ranks, microbatches, stagesPerRank, memLimit } = s.explore;
  const costs = s.explore.source === 'model' ? modelOf(s.explore) : [plainCosts(s.params), s.params.costUnit];
  return JSON.stringify([schedules, ranks, microbatches, stagesPerRank, memLimit, costs]);
}

function modelOf(i: ExploreInputs): ExploreRun['model'] {
  return i.source === 'model' ? { setup: i.setup, gpu: i.gpu, mfu: i.mfu } : null;
}

export class ExploreController {
  private snapshot: ExploreRun;
  private listeners = new Set<() => void>();
  private running: RunningSweep | null = null;
  private key: string | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private frame = 0;
  private lastNotify = 0;
  private startedAt = 0;
  private rows: (SweepRow | undefined)[] = [];

  constructor(
    private readonly store: AppStore,
    private readonly pool: ExplorePool = new ExplorePool(),
  ) {
    this.snapshot = this.fresh('idle', [], plainCosts(store.getState().params), store.getState().params.costUnit);
    store.subscribe(
      (s) => [s.page, runKey(s), blockedReason(s)] as const,
      () => this.schedule(),
      { equalityFn: (a, b) => a[0] === b[0] && a[1] === b[1] && a[2] === b[2] },
    );
  }

  private fresh(
    status: ExploreStatus,
    points: SweepPoint[],
    costs: Partial<Costs>,
    costUnit: CostUnit,
    model: ExploreRun['model'] = null,
  ): ExploreRun {
    return { status, blocked: null, points, rows: [], done: 0, costs, costUnit, model, error: null, wallMs: 0, version: 0 };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ExploreRun => this.snapshot;

  private publish(patch: Partial<ExploreRun>, now = false) {
    this.snapshot = { ...this.snapshot, ...patch, version: this.snapshot.version + 1 };
    const notify = () => {
      this.frame = 0;
      this.lastNotify = performance.now();
      for (const l of this.listeners) l();
    };
    if (now || typeof requestAnimationFrame === 'undefined') {
      if (this.frame) clearTimeout(this.frame);
      return notify();
    }
    if (this.frame) return;
    const wait = Math.max(0, this.lastNotify + STREAM_INTERVAL_MS - performance.now());
    this.frame = setTimeout(() => requestAnimationFrame(notify), wait) as unknown as number;
  }

  /** After an input change: re-run (debounced) when shown and the inputs differ from the shown rows. */
  schedule(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const s = this.store.getState();
      if (s.page !== 'explore') return;
      const blocked = blockedReason(s);
      if (blocked) {
        this.cancel(false);
        this.publish({ status: 'blocked', blocked }, true);
        return;
      }
      if (this.key !== runKey(s) || this.snapshot.status === 'blocked' || this.snapshot.status === 'idle') this.start();
    }, DEBOUNCE_MS);
  }

  /** Runs the sweep of the current inputs (the Run button, or an input change). */
  start(): void {
    const s = this.store.getState();
    const blocked = blockedReason(s);
    this.cancel(false);
    if (blocked) return this.publish({ status: 'blocked', blocked }, true);
    const points = sweepPoints(exploreAxes(s.explore), true);
    const costs = plainCosts(s.params);
    this.key = runKey(s);
    this.rows = new Array<SweepRow | undefined>(points.length);
    this.startedAt = performance.now();
    const model = modelOf(s.explore);
    this.snapshot = {
      ...this.fresh('running', points, costs, model ? 'us' : s.params.costUnit, model),
      rows: this.rows,
      version: this.snapshot.version + 1,
    };
    this.publish({}, true);
    let done = 0;
    this.running = this.pool.run(
      points,
      exploreSourceSpec(s.explore, { kind: 'costs', costs }),
      { maxOps: { ops: UI_MAX_OPS, who: 'the interactive view' } },
      {
        onRows: (at, rows) => {
          for (let k = 0; k < rows.length; k++) this.rows[at + k] = rows[k];
          done += rows.length;
          this.publish({ done, wallMs: performance.now() - this.startedAt });
        },
        onDone: (o) => {
          this.running = null;
          const wallMs = performance.now() - this.startedAt;
          if (o.status === 'done') this.publish({ status: 'done', wallMs }, true);
          else this.publish({ status: 'error', error: o.message, wallMs }, true);
        },
      },
    );
  }

  /** Stops a running sweep; the rows so far stay. */
  cancel(show = true): void {
    if (this.timer !== undefined && show) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.running) return;
    this.running.cancel();
    this.running = null;
    if (show) this.publish({ status: 'cancelled', wallMs: performance.now() - this.startedAt }, true);
  }
}

const controllers = new WeakMap<AppStore, ExploreController>();

export function exploreController(store: AppStore): ExploreController {
  let c = controllers.get(store);
  if (!c) controllers.set(store, (c = new ExploreController(store)));
  return c;
}
