/**
 * The model's schedule for the chart (docs/model.md §10): run in a worker (app/modelWorker.ts)
 * whenever the model's inputs change while the chart's costs come from the model; a newer request
 * terminates the one running. Until an answer for the current inputs arrives, the last answer stays
 * on screen (`pending` says so). Without workers (unit tests) it runs synchronously.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { engineResultOfModel } from '../pipeline/modelResult.ts';
import { modelKeyOf, runModel, type ModelRun } from '../pipeline/modelRun.ts';
import type { EngineResult } from '../pipeline/runEngine.ts';
import type { ModelInputs } from '../store/modelInputs.ts';

export interface ModelRunState {
  /** the run's chart result (the last answered inputs'), or null before the first answer */
  engine: EngineResult | null;
  run: ModelRun | null;
  /** the inputs changed and their run is not back yet */
  pending: boolean;
}

export function useModelRun(inputs: ModelInputs, enabled: boolean): ModelRunState {
  const key = modelKeyOf(inputs);
  const latest = useRef(inputs);
  latest.current = inputs;
  const worker = typeof Worker !== 'undefined';
  const [answer, setAnswer] = useState<{ key: string; run: ModelRun } | null>(null);
  useEffect(() => {
    if (!enabled) return;
    if (!worker) {
      setAnswer({ key, run: runModel(latest.current) });
      return;
    }
    const w = new Worker(new URL('../app/modelWorker.ts', import.meta.url), { type: 'module', name: 'model' });
    w.onmessage = (e: MessageEvent<{ kind: 'run'; run: ModelRun }>) => {
      setAnswer({ key, run: e.data.run });
      w.terminate();
    };
    w.onerror = (e) => {
      e.preventDefault();
      setAnswer({ key, run: { ok: false, error: e.message || 'the model worker stopped', field: null } });
    };
    w.postMessage({ kind: 'run', inputs: latest.current });
    return () => w.terminate();
  }, [enabled, key, worker]);
  const run = answer?.run ?? null;
  const engine = useMemo<EngineResult | null>(() => {
    if (!run) return null;
    return run.ok ? engineResultOfModel(run) : { ok: false, schedule: latest.current.schedule, error: run.error };
  }, [run]);
  return { engine, run, pending: enabled && answer?.key !== key };
}
