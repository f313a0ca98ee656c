/**
 * The URL as the app's state: every parameter plus the view (zoom window, highlighted
 * micro-batch, theme, palette, renderer, side tab, page). PURE: a query string in, validated state and
 * human-readable warnings out, and back. Each field is validated on its own; a bad value falls
 * back to its default and produces a warning naming the value and the default used.
 *
 * Keys: `schedule`, `ranks`, `microbatches`, `stagesPerRank`, `F`, `I`, `W`, `B`, `FB`, `comm` (the
 * public names), then `detail`, `hw`, `sms`, `nvl`, `ib`, `layers`, `cmp`, and for the view `t0`,
 * `t1` (visible window, cost units or µs), `mb`, `theme`, `pal`, `render`, `tab`, `page`. Defaults are left
 * out, except schedule, ranks and micro-batches, which every link names. `source=import` marks a
 * link copied while an imported custom schedule was shown (store/importSlice.ts): the file is not
 * in the link, so reading it warns that the built-in view is shown instead.
 */
import {
  DEFAULT_PARAMS,
  FIELDS,
  FIELD_BY_KEY,
  TAKES_V,
  formatField,
  hwDefaults,
  parseField,
  type FieldKey,
  type Params,
} from './params.ts';
import { isModelUrlKey } from './modelUrl.ts';

export type Theme = 'auto' | 'light' | 'dark';
export type PaletteId = 'cb' | 'paper';
export type RendererMode = 'auto' | 'svg' | 'canvas';
export type SideTab = 'metrics' | 'fp8' | 'model';
/**
 * The page shown: the schedule view, the design-space sweep (docs/explore.md §4), or the measured
 * run of imported traces (docs/measured.md §12).
 */
export type Page = 'schedule' | 'explore' | 'measured';

export interface ViewState {
  /** visible time window [t0, t1] in timeline units; null = the whole timeline */
  domain: [number, number] | null;
  /** micro-batch whose path is highlighted */
  selectedMb: number | null;
  theme: Theme;
  palette: PaletteId;
  renderer: RendererMode;
  tab: SideTab;
  page: Page;
}

export const DEFAULT_VIEW: Readonly<ViewState> = {
  domain: null,
  selectedMb: null,
  theme: 'auto',
  palette: 'cb',
  renderer: 'auto',
  tab: 'metrics',
  page: 'schedule',
};

const ENUMS = {
  theme: ['auto', 'light', 'dark'],
  pal: ['cb', 'paper'],
  render: ['auto', 'svg', 'canvas'],
  tab: ['metrics', 'fp8', 'model'],
  page: ['schedule', 'explore', 'measured'],
} as const;

/** Query-string marker of a view that came from an imported file. */
export const SOURCE_IMPORT = 'source=import';
export const IMPORT_LINK_WARNING =
  'source=import: this link was copied while an imported custom schedule was shown; links cannot carry the file, so this is the built-in schedule it was imported over (import the file again to see it)';

/**
 * `page=measured` reads as the measured page, but a link cannot carry the trace files behind it:
 * a store made from a link (store/index.ts) shows the schedule view with this warning instead.
 */
export const MEASURED_LINK_WARNING =
  'page=measured: this link was copied while a measured run was shown; links cannot carry the trace files, so this is the schedule view (import the traces again to see the run)';

const VIEW_KEYS = new Set(['t0', 't1', 'mb', 'source', ...Object.keys(ENUMS)]);
const PARAM_URL_KEYS = new Set(FIELDS.map((f) => f.url));
/** fields whose default follows the hardware preset */
const HW_DEPENDENT: ReadonlySet<FieldKey> = new Set(['commSms', 'nvlink', 'ib', 'layers']);

export interface Decoded {
  params: Params;
  view: ViewState;
  warnings: string[];
}

const shown = (v: string) => JSON.stringify(v.length > 24 ? `${v.slice(0, 24)}…` : v);

export function decodeUrl(search: string): Decoded {
  const q = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const warnings: string[] = [];
  const params = { ...DEFAULT_PARAMS } as Params;
  const set = <K extends FieldKey>(key: K, value: Params[K]) => {
    params[key] = value;
  };
  // hw first: the SM count and bandwidth defaults follow it.
  const order = [...FIELDS].sort((a, b) => Number(b.key === 'hw') - Number(a.key === 'hw'));
  for (const f of order) {
    const raw = q.get(f.url);
    if (raw === null) {
      if (HW_DEPENDENT.has(f.key)) set(f.key, hwDefaults(params.hw)[f.key as 'commSms']);
      continue;
    }
    const r = parseField(f.key, raw);
    if (r.ok) set(f.key, r.value);
    else {
      const fallback = HW_DEPENDENT.has(f.key) ? hwDefaults(params.hw)[f.key as 'commSms'] : DEFAULT_PARAMS[f.key];
      set(f.key, fallback);
      warnings.push(`${f.url}=${shown(raw)}: ${r.issue.message}; using the default ${formatField(f.key, fallback) || 'auto'}`);
    }
  }

  const view: ViewState = { ...DEFAULT_VIEW };
  const enumOf = <K extends keyof typeof ENUMS>(key: K): (typeof ENUMS)[K][number] | undefined => {
    const raw = q.get(key);
    if (raw === null) return undefined;
    if ((ENUMS[key] as readonly string[]).includes(raw)) return raw as (typeof ENUMS)[K][number];
    warnings.push(`${key}=${shown(raw)} is not one of ${ENUMS[key].join(', ')}; using ${ENUMS[key][0]}`);
    return undefined;
  };
  view.theme = enumOf('theme') ?? view.theme;
  view.palette = enumOf('pal') ?? view.palette;
  view.renderer = enumOf('render') ?? view.renderer;
  view.tab = enumOf('tab') ?? view.tab;
  view.page = enumOf('page') ?? view.page;

  const t0 = q.get('t0');
  const t1 = q.get('t1');
  if (t0 !== null || t1 !== null) {
    const a = Number(t0);
    const b = Number(t1);
    if (t0 !== null && t1 !== null && t0.trim() !== '' && t1.trim() !== '' && Number.isFinite(a) && Number.isFinite(b) && a >= 0 && b > a)
      view.domain = [a, b];
    else warnings.push(`t0=${shown(t0 ?? '')}, t1=${shown(t1 ?? '')} is not a time window (0 ≤ t0 < t1); showing the whole timeline`);
  }
  const mb = q.get('mb');
  if (mb !== null) {
    const v = Number(mb);
    if (mb.trim() !== '' && Number.isInteger(v) && v >= 0 && v < params.microbatches) view.selectedMb = v;
    else warnings.push(`mb=${shown(mb)} is not a micro-batch id from 0 to ${params.microbatches - 1}; nothing highlighted`);
  }

  const source = q.get('source');
  if (source === 'import') warnings.push(IMPORT_LINK_WARNING);
  else if (source !== null) warnings.push(`source=${shown(source)} is not "import"; ignored`);

  for (const key of q.keys()) {
    // fp8* keys belong to the FP8 panel (fp8panel/inputs.ts decodeFp8Url checks them), m_* to the
    // Model panel (modelUrl.ts), ex* to the Explore page (pipeline/exploreInputs.ts decodeExploreUrl)
    if (!PARAM_URL_KEYS.has(key) && !VIEW_KEYS.has(key) && !key.startsWith('fp8') && !isModelUrlKey(key) && !key.startsWith('ex'))
      warnings.push(`unknown parameter ${shown(key)} ignored`);
    // every reader takes a key's first value: say so when a link repeats it
    else {
      const all = q.getAll(key);
      if (all.length > 1) warnings.push(`${shown(key)} appears ${all.length} times; the first value ${shown(all[0])} is used`);
    }
  }
  return { params, view, warnings: [...new Set(warnings)] };
}

/** Shortest decimal that reads back within 1e-6 of the window: zoom windows are not exact values. */
function windowNumber(x: number, span: number): string {
  const digits = Math.max(1, Math.min(15, 1 + Math.ceil(Math.log10(Math.max(Math.abs(x), 1e-12) / Math.max(span * 1e-6, 1e-12)))));
  return String(Number(x.toPrecision(digits)));
}

export function encodeUrl(params: Params, view: ViewState): string {
  const q = new URLSearchParams();
  const hw = hwDefaults(params.hw);
  for (const f of FIELDS) {
    const value = params[f.key];
    const always =
      f.key === 'schedule' || f.key === 'ranks' || f.key === 'microbatches' || (f.key === 'stagesPerRank' && TAKES_V.has(params.schedule));
    const def = HW_DEPENDENT.has(f.key) ? hw[f.key as 'commSms'] : DEFAULT_PARAMS[f.key];
    if (always || value !== def) q.set(FIELD_BY_KEY[f.key].url, formatField(f.key, value) || 'auto');
  }
  if (view.domain) {
    const span = view.domain[1] - view.domain[0];
    q.set('t0', windowNumber(view.domain[0], span));
    q.set('t1', windowNumber(view.domain[1], span));
  }
  if (view.selectedMb !== null) q.set('mb', String(view.selectedMb));
  if (view.theme !== DEFAULT_VIEW.theme) q.set('theme', view.theme);
  if (view.palette !== DEFAULT_VIEW.palette) q.set('pal', view.palette);
  if (view.renderer !== DEFAULT_VIEW.renderer) q.set('render', view.renderer);
  if (view.tab !== DEFAULT_VIEW.tab) q.set('tab', view.tab);
  if (view.page !== DEFAULT_VIEW.page) q.set('page', view.page);
  // the cost table's ':' ',' ';' are legal in a query and read back the same: kept literal, so the
  // link stays short and readable (sc=F:1,1,2;I:1,1,2)
  return `?${q.toString().replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%3B/g, ';')}`;
}
