/**
 * The memory–bubble sweep in the engine worker (app/engineWorker.ts): started on request, points
 * arriving one by one with progress, cancelled by terminating the worker (or by new parameters:
 * a curve is never shown for parameters it was not computed from).
 */
import { useEffect, useRef, useState } from 'react';
import type { ScheduleName } from '../engine/index.ts';
import type { SweepPoint } from '../pipeline/memorySweep.ts';
import { memorySweep } from '../pipeline/memorySweep.ts';
import type { Params } from '../store/params.ts';

export interface MemorySweepState {
  points: SweepPoint[];
  /** [done, total] while running; null when idle or finished */
  progress: [number, number] | null;
  error: string | null;
  start: () => void;
  cancel: () => void;
}

/** What the curve depends on: everything but the limit itself (picking a point keeps the curve). */
function keyOf(p: Params, schedule: ScheduleName): string {
  return JSON.stringify({ ...p, memLimit: null, compare: null, schedule });
}

export function useMemorySweep(params: Params, schedule: ScheduleName): MemorySweepState {
  const key = keyOf(params, schedule);
  const [state, setState] = useState<{ key: string; points: SweepPoint[]; progress: [number, number] | null; error: string | null }>({
    key,
    points: [],
    progress: null,
    error: null,
  });
  const worker = useRef<Worker | null>(null);
  const latest = useRef(params);
  latest.current = params;

  const cancel = () => {
    worker.current?.terminate();
    worker.current = null;
    setState((s) => ({ ...s, progress: null }));
  };
  // new parameters: the running sweep and the old curve no longer apply
  useEffect(() => () => worker.current?.terminate(), [key]);

  const start = () => {
    worker.current?.terminate();
    if (typeof Worker === 'undefined') {
      setState({ key, points: memorySweep(latest.current, schedule), progress: null, error: null });
      return;
    }
    const w = new Worker(new URL('../app/engineWorker.ts', import.meta.url), { type: 'module', name: 'memory-sweep' });
    worker.current = w;
    setState({ key, points: [], progress: [0, 1], error: null });
    w.onmessage = (e: MessageEvent<{ progress?: [number, number]; point?: SweepPoint; done?: boolean; error?: string }>) => {
      const m = e.data;
      if (m.error !== undefined) setState((s) => ({ ...s, progress: null, error: m.error! }));
      else if (m.done) setState((s) => ({ ...s, progress: null }));
      else if (m.point) setState((s) => ({ ...s, points: [...s.points, m.point!], progress: m.progress ?? s.progress }));
      if (m.done || m.error !== undefined) {
        w.terminate();
        if (worker.current === w) worker.current = null;
      }
    };
    w.onerror = (e) => {
      e.preventDefault();
      setState((s) => ({ ...s, progress: null, error: e.message || 'the sweep worker stopped' }));
    };
    w.postMessage({ kind: 'sweep', params: latest.current, schedule });
  };

  const current = state.key === key ? state : { points: [], progress: null, error: null };
  return { points: current.points, progress: current.progress, error: current.error, start, cancel };
}
