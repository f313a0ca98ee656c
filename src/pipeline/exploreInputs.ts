/**
 * The Explore page's inputs (docs/explore.md §4): which schedules, the P, M, v and memory-limit
 * lists (sweepLists.ts syntax) and the view's filters — their defaults, the validation of the typed
 * lists (the message the page shows under a field) and their URL form. PURE.
 *
 * URL keys all start with `ex` (the schedule page's keys are store/url.ts's): `exs` schedules
 * (comma names), `exp` ranks, `exm` micro-batches, `exv` stages per rank, `exmem` memory limits,
 * `exhide` schedules hidden by the filter, `exfront=1` frontier only, `exvalid=1` valid rows only,
 * `exy=makespan` the makespan on the y axis (default: per micro-batch); the cost source
 * (docs/explore.md §4.5): `exsrc=model` costs from a model on its cluster, `exsetup` its training setup
 * (model/setups.ts), `exgpu` the GPU preset and `exmfu` the MFU while computing — these two are left
 * out when they are the setup's own, and are checked by the Model panel's field rules
 * (store/modelInputs.ts parseModelField).
 * Defaults are left out; a bad value falls back to its default with a warning naming it.
 */
import { LIMITS, SCHEDULE_NAMES, isScheduleName, type ScheduleName } from '../engine/index.ts';
import { DEFAULT_SETUP, modelArgsOf, parseModelField, setupInputs } from '../store/modelInputs.ts';
import type { SweepAxes, SweepSourceSpec } from './sweep.ts';
import { formatList, parseList, type ListRule } from './sweepLists.ts';

export type ExploreListKey = 'ranks' | 'microbatches' | 'stagesPerRank' | 'memLimit';

/**
 * The y axis: the step's makespan, or the makespan per micro-batch (makespan ÷ M), which compares
 * configurations with different M like for like — a step of more micro-batches is more work.
 */
export type YMetric = 'perMicrobatch' | 'makespan';
export const Y_METRICS: readonly YMetric[] = ['perMicrobatch', 'makespan'];

/** Where the sweep's costs come from: the op costs per stage (the Schedule page's) or a model on its cluster. */
export type ExploreSource = 'costs' | 'model';
export const EXPLORE_SOURCES: readonly ExploreSource[] = ['costs', 'model'];

export interface ExploreInputs {
  /** schedules swept, in SCHEDULE_NAMES order */
  schedules: ScheduleName[];
  ranks: number[];
  microbatches: number[];
  /** for the schedules that take a stages-per-rank choice (the others run their own) */
  stagesPerRank: number[];
  /** for zb-auto and v-auto; empty = their default limit */
  memLimit: number[];
  /** filter: schedules swept but not shown */
  hidden: ScheduleName[];
  /** filter: only the Pareto frontier's points */
  frontierOnly: boolean;
  /** filter: leave combinations that do not run out of the table and the export */
  validOnly: boolean;
  /** what the y axis shows */
  y: YMetric;
  /** the cost source */
  source: ExploreSource;
  /** with the model source: the training setup (model/setups.ts id) whose model and parallel sizes are laid out over each P */
  setup: string;
  /** GPU preset id (model/hardware.ts) */
  gpu: string;
  /** achieved fraction of the dense peak while computing, 0 < mfu ≤ 1 */
  mfu: number;
}

export type ExploreDrafts = Record<ExploreListKey, string>;

/** Most combinations the page sweeps (the CLI takes 200,000): about 10 s of worker time at P ≤ 32. */
export const MAX_EXPLORE_POINTS = 5000;

export const DEFAULT_EXPLORE: Readonly<ExploreInputs> = {
  schedules: ['gpipe', '1f1b', 'interleaved-1f1b', 'zb-h1', 'zb-v', 'dualpipe'],
  ranks: [4, 8, 16],
  microbatches: [8, 16, 24, 32, 40, 48, 56, 64],
  stagesPerRank: [2],
  memLimit: [],
  hidden: [],
  frontierOnly: false,
  validOnly: false,
  y: 'perMicrobatch',
  source: 'costs',
  setup: DEFAULT_SETUP,
  gpu: setupInputs(DEFAULT_SETUP).gpu,
  mfu: setupInputs(DEFAULT_SETUP).mfu,
};

export const LIST_RULES: Record<ExploreListKey, ListRule> = {
  ranks: { integer: true, min: 1, max: LIMITS.ranks },
  microbatches: { integer: true, min: 1, max: LIMITS.microbatches },
  stagesPerRank: { integer: true, min: 1, max: LIMITS.stagesPerRank },
  memLimit: { integer: false, min: Number.MIN_VALUE, max: Number.MAX_SAFE_INTEGER },
};

export const LIST_LABELS: Record<ExploreListKey, string> = {
  ranks: 'ranks P',
  microbatches: 'micro-batches M',
  stagesPerRank: 'stages per rank v',
  memLimit: 'memory limits',
};

export type ListCheck = { ok: true; values: number[] } | { ok: false; message: string };

/** One typed list; the memory limits may be left empty (each schedule's default). */
export function parseExploreList(key: ExploreListKey, raw: string): ListCheck {
  if (key === 'memLimit' && raw.trim() === '') return { ok: true, values: [] };
  return parseList(raw, LIST_RULES[key], LIST_LABELS[key]);
}

export function exploreDraftsOf(i: ExploreInputs): ExploreDrafts {
  return {
    ranks: formatList(i.ranks),
    microbatches: formatList(i.microbatches),
    stagesPerRank: formatList(i.stagesPerRank),
    memLimit: formatList(i.memLimit),
  };
}

/** What the sweep crosses (sweep.ts): v and limits go to the schedules that take them. */
export function exploreAxes(i: ExploreInputs): SweepAxes {
  return {
    schedules: i.schedules,
    ranks: i.ranks,
    microbatches: i.microbatches,
    stagesPerRank: i.stagesPerRank,
    memLimit: i.memLimit.length > 0 ? i.memLimit : null,
  };
}

/**
 * The model a model-source sweep runs (sweepModel.ts): the setup's Megatron arguments — its model
 * preset with the setup's parallel sizes, batch and layout, as the Model panel starts from it — on
 * the chosen GPU at the chosen MFU. The sweep varies P (and the chunks per rank) over it.
 */
export function exploreSourceSpec(i: ExploreInputs, costs: SweepSourceSpec & { kind: 'costs' }): SweepSourceSpec {
  if (i.source === 'costs') return costs;
  return { kind: 'model', model: { args: modelArgsOf(setupInputs(i.setup)), hardware: i.gpu, mfu: i.mfu } };
}

/** Schedule names in the engine's order, without repeats or unknown names. */
export function orderSchedules(names: readonly string[]): ScheduleName[] {
  return SCHEDULE_NAMES.filter((s) => names.includes(s));
}

const KEYS = { schedules: 'exs', ranks: 'exp', microbatches: 'exm', stagesPerRank: 'exv', memLimit: 'exmem', hidden: 'exhide' } as const;
const FLAGS = { frontierOnly: 'exfront', validOnly: 'exvalid' } as const;
const Y_KEY = 'exy';
const MODEL_KEYS = { source: 'exsrc', setup: 'exsetup', gpu: 'exgpu', mfu: 'exmfu' } as const;
const Y_VALUES: Record<YMetric, string> = { perMicrobatch: 'mb', makespan: 'makespan' };
export const EXPLORE_URL_KEYS: ReadonlySet<string> = new Set([
  ...Object.values(KEYS),
  ...Object.values(FLAGS),
  Y_KEY,
  ...Object.values(MODEL_KEYS),
]);

const shown = (v: string) => JSON.stringify(v.length > 24 ? `${v.slice(0, 24)}…` : v);

export function decodeExploreUrl(search: string): { inputs: ExploreInputs; warnings: string[] } {
  const q = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const inputs: ExploreInputs = { ...DEFAULT_EXPLORE };
  const warnings: string[] = [];
  const names = (key: string, fallback: ScheduleName[], allowEmpty: boolean): ScheduleName[] => {
    const raw = q.get(key);
    if (raw === null) return fallback;
    const items = raw.split(',').map((x) => x.trim());
    const bad = items.filter((x) => x !== '' && !isScheduleName(x));
    const good = orderSchedules(items);
    if (bad.length > 0) warnings.push(`${key}=${shown(raw)}: unknown schedule ${shown(bad[0])} ignored`);
    if (good.length === 0 && !allowEmpty) {
      warnings.push(`${key}=${shown(raw)} names no schedule; using the default ${fallback.join(',')}`);
      return fallback;
    }
    return good;
  };
  inputs.schedules = names(KEYS.schedules, DEFAULT_EXPLORE.schedules, false);
  inputs.hidden = names(KEYS.hidden, [], true).filter((s) => inputs.schedules.includes(s));
  for (const key of ['ranks', 'microbatches', 'stagesPerRank', 'memLimit'] as const) {
    const raw = q.get(KEYS[key]);
    if (raw === null) continue;
    const r = parseExploreList(key, raw);
    if (r.ok) inputs[key] = r.values;
    else warnings.push(`${KEYS[key]}=${shown(raw)}: ${r.message}; using the default ${formatList(DEFAULT_EXPLORE[key]) || 'none'}`);
  }
  for (const [field, key] of Object.entries(FLAGS) as [keyof typeof FLAGS, string][]) {
    const raw = q.get(key);
    if (raw === null) continue;
    if (raw === '1' || raw === '0') inputs[field] = raw === '1';
    else warnings.push(`${key}=${shown(raw)} is not 1 or 0; using 0`);
  }
  const y = q.get(Y_KEY);
  if (y !== null) {
    const metric = Y_METRICS.find((m) => Y_VALUES[m] === y);
    if (metric) inputs.y = metric;
    else
      warnings.push(
        `${Y_KEY}=${shown(y)} is not one of ${Y_METRICS.map((m) => Y_VALUES[m]).join(', ')}; using ${Y_VALUES[DEFAULT_EXPLORE.y]}`,
      );
  }
  decodeModelSource(q, inputs, warnings);
  // store/url.ts leaves every ex* key to this reader
  for (const key of new Set(q.keys()))
    if (key.startsWith('ex') && !EXPLORE_URL_KEYS.has(key)) warnings.push(`unknown parameter ${shown(key)} ignored`);
  return { inputs, warnings };
}

/** exsrc, exsetup, exgpu, exmfu: the setup first, whose GPU and MFU are the defaults of the other two. */
function decodeModelSource(q: URLSearchParams, inputs: ExploreInputs, warnings: string[]): void {
  const src = q.get(MODEL_KEYS.source);
  if (src !== null) {
    if (src === 'model' || src === 'costs') inputs.source = src;
    else warnings.push(`${MODEL_KEYS.source}=${shown(src)} is not model or costs; using costs`);
  }
  const setup = q.get(MODEL_KEYS.setup);
  if (setup !== null) {
    const r = parseModelField('setup', setup);
    if (r.ok) inputs.setup = r.value as string;
    else warnings.push(`${MODEL_KEYS.setup}=${shown(setup)}: ${r.issue.message}; using ${DEFAULT_SETUP}`);
  }
  const own = setupInputs(inputs.setup);
  inputs.gpu = own.gpu;
  inputs.mfu = own.mfu;
  for (const key of ['gpu', 'mfu'] as const) {
    const raw = q.get(MODEL_KEYS[key]);
    if (raw === null) continue;
    const r = parseModelField(key, raw);
    if (r.ok) (inputs as unknown as Record<string, unknown>)[key] = r.value;
    else warnings.push(`${MODEL_KEYS[key]}=${shown(raw)}: ${r.issue.message}; using the setup's ${own[key]}`);
  }
}

/** The inputs' query-string part without a leading `?` or `&` ('' when all are defaults). */
export function encodeExploreUrl(i: ExploreInputs): string {
  const q = new URLSearchParams();
  const same = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((x, k) => x === b[k]);
  if (!same(i.schedules, DEFAULT_EXPLORE.schedules)) q.set(KEYS.schedules, i.schedules.join(','));
  for (const key of ['ranks', 'microbatches', 'stagesPerRank', 'memLimit'] as const)
    if (!same(i[key], DEFAULT_EXPLORE[key])) q.set(KEYS[key], formatList(i[key]));
  if (i.hidden.length > 0) q.set(KEYS.hidden, i.hidden.join(','));
  for (const [field, key] of Object.entries(FLAGS) as [keyof typeof FLAGS, string][]) if (i[field]) q.set(key, '1');
  if (i.y !== DEFAULT_EXPLORE.y) q.set(Y_KEY, Y_VALUES[i.y]);
  if (i.source !== DEFAULT_EXPLORE.source) q.set(MODEL_KEYS.source, i.source);
  if (i.setup !== DEFAULT_EXPLORE.setup) q.set(MODEL_KEYS.setup, i.setup);
  const own = setupInputs(i.setup);
  if (i.gpu !== own.gpu) q.set(MODEL_KEYS.gpu, i.gpu);
  if (i.mfu !== own.mfu) q.set(MODEL_KEYS.mfu, String(i.mfu));
  return q.toString();
}
