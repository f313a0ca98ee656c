/**
 * One-click configurations with their sources (docs/presets.md). A preset is a complete parameter set,
 * so applying one never mixes with what was there before.
 * Costs are in cost units except the ZB paper's, which are its measured timer values in µs:
 * sail-sg's ScheduleTimers.conclusion() (megatron/core/pipeline_parallel/zerobubble/timer.py)
 * reports the average op time as Megatron's timer seconds × 10⁶, and comm the same way; those
 * presets set costUnit 'us', so every time on screen and in the exports reads in ms / s.
 */
import { DEFAULT_PARAMS, hwDefaults, type Params } from './params.ts';

export interface ParamPreset {
  id: string;
  label: string;
  /** where the numbers come from, shown as the option's tooltip */
  source: string;
  params: Params;
}

/** The README figures cost one unit per chunk op: the stage basis (docs/schedules.md §1.5). */
const FIGURE_COSTS = { F: 1, I: 1, W: 1, B: 2, FB: 3, comm: 0, basis: 'stage' } as const;
const base: Params = { ...DEFAULT_PARAMS, detailed: false, compare: null };

export const PARAM_PRESETS: readonly ParamPreset[] = [
  {
    id: 'dualpipe-figure',
    label: 'DualPipe README figure (8 ranks, 20 micro-batches)',
    source: 'deepseek-ai/DualPipe README: 8 PP ranks, 20 micro-batches, F=1, B=2, W=1, F&B=3',
    params: { ...base, schedule: 'dualpipe', ranks: 8, microbatches: 20, ...FIGURE_COSTS },
  },
  {
    id: 'dualpipev-figure',
    label: 'DualPipeV figure (4 ranks, 10 micro-batches)',
    source: 'deepseek-ai/DualPipe README: DualPipeV, 4 ranks / 8 stages, 10 micro-batches, same costs',
    params: { ...base, schedule: 'dualpipev', ranks: 4, microbatches: 10, ...FIGURE_COSTS },
  },
  {
    id: 'deepseek-v3-h800',
    label: 'DeepSeek-V3 on H800 (PP16, measured F&B pair)',
    source:
      'V3 report §3.2: PP16 DualPipe, 20 of 132 SMs for communication, 4 MoE layers per chunk from the H800 trace; 32 micro-batches assumed',
    params: {
      ...base,
      schedule: 'dualpipe',
      ranks: 16,
      microbatches: 32,
      detailed: true,
      hw: 'deepseek-v3-h800-measured',
      ...hwDefaults('deepseek-v3-h800-measured'),
    },
  },
  {
    id: 'zb-paper-p8',
    label: 'ZB paper: ZB-H1 vs 1F1B (p=8, m=24, costs in µs)',
    source:
      "sail-sg plot.py setting (8, 24, f=18522, b=18086, w=9337, comm=601), µs as the ZB timers report them (timer.py: seconds × 10⁶); the paper's b is backward-for-input (I)",
    params: {
      ...base,
      schedule: 'zb-h1',
      compare: '1f1b',
      ranks: 8,
      microbatches: 24,
      F: 18522,
      I: 18086,
      W: 9337,
      B: null,
      FB: null,
      comm: 601,
      costUnit: 'us',
    },
  },
  {
    id: 'zb-paper-p16',
    label: 'ZB paper: ZB-H2 vs 1F1B (p=16, m=48, costs in µs)',
    source:
      'sail-sg plot.py setting (16, 48, f=14407, b=14380, w=9676, comm=1610), µs as the ZB timers report them (timer.py: seconds × 10⁶)',
    params: {
      ...base,
      schedule: 'zb-h2',
      compare: '1f1b',
      ranks: 16,
      microbatches: 48,
      F: 14407,
      I: 14380,
      W: 9676,
      B: null,
      FB: null,
      comm: 1610,
      costUnit: 'us',
    },
  },
];

export function paramPreset(id: string): ParamPreset | undefined {
  return PARAM_PRESETS.find((p) => p.id === id);
}
