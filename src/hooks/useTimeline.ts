/**
 * The memoised engine call (style.md C.4): recomputed only when the params object changes (the
 * store keeps its identity across no-op edits), never on zoom, hover or theme.
 */
import { useMemo } from 'react';
import type { ScheduleName } from '../engine/index.ts';
import type { Params } from '../store/params.ts';
import { runEngine, type EngineResult } from './runEngine.ts';

export function useTimeline(params: Params, schedule: ScheduleName | null = params.schedule): EngineResult | null {
  return useMemo(() => (schedule === null ? null : runEngine(params, schedule)), [params, schedule]);
}
