/**
 * "Which schedule fits" for the model's inputs (docs/model.md §8.4): every schedule run in a worker
 * (app/modelWorker.ts), rows arriving one by one with the progress; `cancel` stops the worker and
 * keeps the rows so far, `restart` runs it again. Recomputed when the inputs change while `active`
 * (the Model tab is open). Without workers (unit tests) nothing runs.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ScheduleName } from '../engine/index.ts';
import { FIT_ORDER, rankFits, type FitRow } from '../model/index.ts';
import { modelKeyOf } from '../pipeline/modelRun.ts';
import type { ModelInputs } from '../store/modelInputs.ts';

export interface ModelFitsState {
  /** ranked rows so far (valid by step time, then the ones that do not run) */
  rows: FitRow[];
  done: number;
  total: number;
  status: 'idle' | 'running' | 'done' | 'cancelled' | 'error';
  error: string | null;
  cancel: () => void;
  restart: () => void;
}

type Answer =
  | { kind: 'row'; row: FitRow; index: number; total: number }
  | { kind: 'error'; schedule: ScheduleName; error: string; index: number; total: number }
  | { kind: 'done' };

export function useModelFits(inputs: ModelInputs, active: boolean): ModelFitsState {
  const key = modelKeyOf(inputs);
  const latest = useRef(inputs);
  latest.current = inputs;
  const workerRef = useRef<Worker | null>(null);
  const [run, setRun] = useState(0);
  const [state, setState] = useState<{ key: string; rows: FitRow[]; done: number; status: ModelFitsState['status']; error: string | null }>(
    {
      key: '',
      rows: [],
      done: 0,
      status: 'idle',
      error: null,
    },
  );
  const total = FIT_ORDER.length;

  useEffect(() => {
    if (!active || typeof Worker === 'undefined') return;
    const w = new Worker(new URL('../app/modelWorker.ts', import.meta.url), { type: 'module', name: 'model-fits' });
    workerRef.current = w;
    setState({ key, rows: [], done: 0, status: 'running', error: null });
    const rows: FitRow[] = [];
    w.onmessage = (e: MessageEvent<Answer>) => {
      const a = e.data;
      if (a.kind === 'done') {
        setState((s) => ({ ...s, status: 'done' }));
        w.terminate();
        return;
      }
      if (a.kind === 'error') {
        setState((s) => ({ ...s, done: a.index + 1, status: 'error', error: `${a.schedule}: ${a.error}` }));
        return;
      }
      rows.push(a.row);
      setState((s) => ({ ...s, rows: rankFits(rows), done: a.index + 1 }));
    };
    w.onerror = (e) => {
      e.preventDefault();
      setState((s) => ({ ...s, status: 'error', error: e.message || 'the model worker stopped' }));
    };
    w.postMessage({ kind: 'fits', inputs: latest.current, schedules: [...FIT_ORDER] });
    return () => {
      w.terminate();
      workerRef.current = null;
    };
  }, [active, key, run]);

  const cancel = useCallback(() => {
    workerRef.current?.terminate();
    workerRef.current = null;
    setState((s) => (s.status === 'running' ? { ...s, status: 'cancelled' } : s));
  }, []);
  const restart = useCallback(() => setRun((n) => n + 1), []);
  const current = state.key === key ? state : { rows: [], done: 0, status: active ? ('running' as const) : ('idle' as const), error: null };
  return { ...current, total, cancel, restart };
}
