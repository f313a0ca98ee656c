/**
 * The memoised engine call (docs/style.md C.4): recomputed only when the params object changes (the
 * store keeps its identity across no-op edits), never on zoom, hover or theme. An imported custom
 * schedule is parsed from its stored CSV text once per import and then runs like a built-in one.
 *
 * A slow build (pipeline/memorySweep.ts isSlowBuild: v-auto, large cost-driven greedies) runs in
 * the engine worker (app/engineWorker.ts): meanwhile the result is `pending` and the caller keeps
 * the last chart; newer params terminate a running build, so no result lands for stale params.
 */
import { useEffect, useMemo, useState } from 'react';
import { isSlowBuild } from '../pipeline/memorySweep.ts';
import { scheduleIssue } from '../store/validate.ts';
import type { Schedule, ScheduleName } from '../engine/index.ts';
// the module, not the interop index: keeps the other formats in the lazily loaded chunks
import { scheduleFromTorchCsv } from '../interop/torchCsv.ts';
import type { CustomSchedule } from '../store/importSlice.ts';
import type { Params } from '../store/params.ts';
import { runEngine, type EngineResult } from '../pipeline/runEngine.ts';

export function useTimeline(params: Params, schedule: ScheduleName | Schedule | null = params.schedule): EngineResult | null {
  // rejected params answer at once (the validator's reason); only a build that will run goes off-thread
  const slow =
    typeof schedule === 'string' && typeof Worker !== 'undefined' && !scheduleIssue(params, schedule) && isSlowBuild(params, schedule);
  const sync = useMemo(() => (schedule === null || slow ? null : runEngine(params, schedule)), [params, schedule, slow]);
  const [built, setBuilt] = useState<{ params: Params; schedule: ScheduleName; result: EngineResult } | null>(null);
  useEffect(() => {
    if (!slow) return;
    const w = new Worker(new URL('../app/engineWorker.ts', import.meta.url), { type: 'module', name: 'engine' });
    w.onmessage = (e: MessageEvent<{ result?: EngineResult; error?: string }>) => {
      const result = e.data.result ?? {
        ok: false as const,
        schedule: schedule as ScheduleName,
        error: e.data.error ?? 'the engine worker failed',
      };
      setBuilt({ params, schedule: schedule as ScheduleName, result });
      w.terminate();
    };
    w.onerror = (e) => {
      e.preventDefault();
      setBuilt({
        params,
        schedule: schedule as ScheduleName,
        result: { ok: false, schedule: schedule as ScheduleName, error: e.message || 'the engine worker stopped' },
      });
    };
    w.postMessage({ kind: 'run', params, schedule });
    return () => w.terminate();
  }, [slow, params, schedule]);
  if (!slow) return sync;
  if (built && built.params === params && built.schedule === schedule) return built.result;
  return { ok: false, schedule: schedule as ScheduleName, error: `building ${schedule} in the background…`, pending: true };
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
