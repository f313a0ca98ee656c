/**
 * The SM curve beside the comm-SMs slider (pipeline/smSweep.ts). The F&B pair curve is computed
 * here at once (~2 ms); the whole schedule's sweep runs in a worker (app/smSweepWorker.ts), which
 * builds the schedule, counts its ops and sweeps it when it is small enough — its answer replaces
 * the pair curve, or says how many ops kept it. Recomputed only when what a sweep depends on
 * changes, not when the slider moves; a newer request terminates a running one, so a curve is
 * never shown for parameters it was not computed from.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Sweep } from '../engine/overlap/index.ts';
import { pairCurve, sweepKey, type SmCurve } from '../pipeline/smSweep.ts';
import type { Params } from '../store/params.ts';

export interface SmCurveState {
  curve: SmCurve;
  /** the schedule's sweep is still running */
  pending: boolean;
  /** the schedule's op count when it was too large to sweep (the curve is the pair's) */
  tooMany: number | null;
  /** why the schedule could not be swept (the curve is the pair's) */
  error: string | null;
}

interface Answer {
  key: string;
  ops?: number;
  sweep?: Sweep | null;
  error?: string;
}

/** `builtIn`: an imported custom order is swept as its pair only. */
export function useSmCurve(params: Params, builtIn: boolean): SmCurveState {
  const latest = useRef(params);
  latest.current = params;
  const pairKey = sweepKey(params, 'pair');
  const pair = useMemo(() => pairCurve(latest.current), [pairKey]);
  const worker = builtIn && typeof Worker !== 'undefined';
  const key = sweepKey(params, 'schedule');
  const [answer, setAnswer] = useState<Answer | null>(null);

  useEffect(() => {
    if (!worker) return;
    const w = new Worker(new URL('../app/smSweepWorker.ts', import.meta.url), { type: 'module', name: 'sm-sweep' });
    w.onmessage = (e: MessageEvent<Omit<Answer, 'key'>>) => {
      setAnswer({ key, ...e.data });
      w.terminate();
    };
    w.onerror = (e) => {
      e.preventDefault();
      setAnswer({ key, error: e.message || 'the sweep worker stopped' });
    };
    w.postMessage({ params: latest.current });
    return () => w.terminate();
  }, [worker, key]);

  const done = worker && answer?.key === key ? answer : null;
  if (done?.sweep) return { curve: { kind: 'schedule', sweep: done.sweep }, pending: false, tooMany: null, error: null };
  return {
    curve: pair,
    pending: worker && !done,
    tooMany: done && done.sweep === null && done.ops !== undefined ? done.ops : null,
    error: done?.error ?? null,
  };
}
