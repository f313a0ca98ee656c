/**
 * The views the figure tests draw (src/render/golden.test.ts, src/render/figure.test.tsx): every
 * schedule family, DualPipe with a highlighted micro-batch, a comparison, a zoom window, the dark
 * theme, the paper palette and the detailed mode — each as the app would export it (parameters
 * through runEngine, view through exportFiles), and the inputs its screen draws from.
 */
import { DEFAULT_EXPORT_VIEW, exportText, type ExportView } from '../../pipeline/exportFiles.ts';
import { runEngine, type EngineOk } from '../../pipeline/runEngine.ts';
import { DEFAULT_PARAMS, type Params } from '../../store/params.ts';

export interface FigureView {
  name: string;
  params: Partial<Params>;
  view?: Partial<Omit<ExportView, 'compare'>>;
}

export const FIGURE_VIEWS: readonly FigureView[] = [
  { name: 'gpipe-p4-m6', params: { schedule: 'gpipe', ranks: 4, microbatches: 6 } },
  { name: '1f1b-p4-m8', params: { schedule: '1f1b', ranks: 4, microbatches: 8 } },
  { name: 'interleaved-1f1b-p4-m8-v2', params: { schedule: 'interleaved-1f1b', ranks: 4, microbatches: 8, stagesPerRank: 2 } },
  { name: 'looped-bfs-p4-m4-v2', params: { schedule: 'looped-bfs', ranks: 4, microbatches: 4, stagesPerRank: 2 } },
  { name: 'zb-h1-p4-m8', params: { schedule: 'zb-h1', ranks: 4, microbatches: 8 } },
  { name: 'zb-h2-p4-m8', params: { schedule: 'zb-h2', ranks: 4, microbatches: 8 } },
  { name: 'zb-v-p4-m8', params: { schedule: 'zb-v', ranks: 4, microbatches: 8, W: 0.5, comm: 0.25 } },
  { name: 'v-half-p4-m8', params: { schedule: 'v-half', ranks: 4, microbatches: 8 } },
  { name: 'v-min-p4-m8', params: { schedule: 'v-min', ranks: 4, microbatches: 8 } },
  { name: 'dualpipe-p4-m10', params: { schedule: 'dualpipe', ranks: 4, microbatches: 10 } },
  { name: 'dualpipev-p4-m8', params: { schedule: 'dualpipev', ranks: 4, microbatches: 8 } },
  { name: 'dualpipe-p8-m20-highlight', params: { schedule: 'dualpipe', ranks: 8, microbatches: 20 }, view: { microbatch: 3 } },
  { name: 'zb-h1-compare-1f1b-p4-m8', params: { schedule: 'zb-h1', ranks: 4, microbatches: 8, compare: '1f1b' } },
  {
    name: 'dualpipe-p8-m20-window',
    params: { schedule: 'dualpipe', ranks: 8, microbatches: 20 },
    view: { domain: [20, 35], microbatch: 14 },
  },
  { name: 'dualpipe-p8-m20-dark', params: { schedule: 'dualpipe', ranks: 8, microbatches: 20 }, view: { theme: 'dark' } },
  {
    name: 'zb-v-compare-dualpipev-paper-dark',
    params: { schedule: 'zb-v', ranks: 4, microbatches: 8, compare: 'dualpipev' },
    view: { theme: 'dark', palette: 'paper', microbatch: 1 },
  },
  { name: 'dualpipe-p4-m8-detailed', params: { schedule: 'dualpipe', ranks: 4, microbatches: 8, detailed: true, layers: 2 } },
  {
    name: 'dualpipe-p4-m8-detailed-window',
    params: { schedule: 'dualpipe', ranks: 4, microbatches: 8, detailed: true, layers: 2 },
    view: { domain: [300_000, 420_000], microbatch: 1 },
  },
];

const ok = (p: Params): EngineOk => {
  const r = runEngine(p);
  if (!r.ok) throw new Error(r.error);
  return r;
};

/** The view's engine results (main and comparison) and its full export view. */
export function figureInputs(v: FigureView): { main: EngineOk; compare: EngineOk | null; view: ExportView } {
  // the golden figures are the engine's per-op costs (the CLI's stage basis)
  const params: Params = { ...DEFAULT_PARAMS, basis: 'stage', ...v.params };
  const main = ok(params);
  const compare = params.compare ? ok({ ...params, schedule: params.compare }) : null;
  return { main, compare, view: { ...DEFAULT_EXPORT_VIEW, ...v.view, compare } };
}

/** The exported SVG of the view, as the app's Export menu writes it. */
export function figureSvg(v: FigureView): string {
  const { main, view } = figureInputs(v);
  return exportText('svg', main, view).text;
}
