/**
 * The memoised engine call (docs/style.md C.4): recomputed only when the params object changes (the
 * store keeps its identity across no-op edits), never on zoom, hover or theme. An imported custom
 * schedule is parsed from its stored CSV text once per import and then runs like a built-in one.
 */
import { useMemo } from 'react';
import type { Schedule, ScheduleName } from '../engine/index.ts';
// the module, not the interop index: keeps the other formats in the lazily loaded chunks
import { scheduleFromTorchCsv } from '../interop/torchCsv.ts';
import type { CustomSchedule } from '../store/importSlice.ts';
import type { Params } from '../store/params.ts';
import { runEngine, type EngineResult } from '../pipeline/runEngine.ts';

export function useTimeline(params: Params, schedule: ScheduleName | Schedule | null = params.schedule): EngineResult | null {
  return useMemo(() => (schedule === null ? null : runEngine(params, schedule)), [params, schedule]);
}

/** The op order of an imported custom schedule (checked when it was imported), or its problem. */
export function parseCustom(custom: CustomSchedule | null): Schedule | { error: string } | null {
  if (!custom) return null;
  try {
    return scheduleFromTorchCsv(custom.csv);
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** The main chart's result: the imported custom schedule when one is shown, else params' schedule. */
export function useMainTimeline(params: Params, custom: CustomSchedule | null): EngineResult | null {
  const parsed = useMemo(() => parseCustom(custom), [custom]);
  const main = useTimeline(params, parsed && !('error' in parsed) ? parsed : params.schedule);
  return parsed && 'error' in parsed ? { ok: false, schedule: 'custom', error: parsed.error } : main;
}
