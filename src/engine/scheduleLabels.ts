/**
 * Display names of the schedules, for every place a schedule is named to a person: the app's
 * parameter list and chart headings, the exported figure's title and headings (the app's export
 * and `pipescope schedule --format svg` must name a schedule alike to give the same file).
 */
import type { ScheduleName } from './types.ts';

export const SCHEDULE_LABELS: Record<ScheduleName, string> = {
  gpipe: 'GPipe',
  '1f1b': '1F1B',
  'interleaved-1f1b': 'Interleaved 1F1B',
  'looped-bfs': 'Looped BFS',
  'zb-h1': 'ZB-H1 (ZB1P)',
  'zb-h2': 'ZB-H2 (ZB2P)',
  'zb-v': 'ZB-V',
  'zb-v-auto': 'ZB-V (automatic, cost-driven)',
  'v-half': 'V-Half',
  'v-min': 'V-Min',
  dualpipe: 'DualPipe',
  dualpipev: 'DualPipeV',
  'zb-auto': 'ZB automatic (memory limit)',
  'v-auto': 'V-shape automatic (memory limit)',
  '1f1b-v': '1F1B on the V placement',
  seq1f1b: 'Seq1F1B (sequence chunks)',
  'interleaved-zb': 'Interleaved zero bubble (torch)',
  'interleaved-1f1b-megatron': 'Interleaved 1F1B (Megatron)',
};

/** Display name of a built-in schedule, or of an imported op order ('custom'). */
export function scheduleLabel(name: ScheduleName | 'custom'): string {
  return name === 'custom' ? 'Custom (imported)' : SCHEDULE_LABELS[name];
}
