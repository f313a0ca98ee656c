/**
 * Worker: the Model panel's computations off the main thread (pipeline/modelRun.ts) — one model run
 * (a schedule built, simulated and measured with the model's per-stage costs: tens to hundreds of ms
 * at PP 16, M = 120; seconds for v-auto) or the "which schedule fits" rows, posted one by one as they
 * finish so the table fills in with its progress. A newer request terminates the worker.
 * In: { kind: 'run', inputs } → { kind: 'run', run }; { kind: 'fits', inputs, schedules } →
 * { kind: 'row', row, index, total } per schedule, then { kind: 'done' }.
 */
import type { ScheduleName } from '../engine/index.ts';
import { modelFitRow, runModel } from '../pipeline/modelRun.ts';
import type { ModelInputs } from '../store/modelInputs.ts';

type Request = { kind: 'run'; inputs: ModelInputs } | { kind: 'fits'; inputs: ModelInputs; schedules: ScheduleName[] };

self.onmessage = (e: MessageEvent<Request>) => {
  const req = e.data;
  if (req.kind === 'run') {
    self.postMessage({ kind: 'run', run: runModel(req.inputs) });
    return;
  }
  const total = req.schedules.length;
  req.schedules.forEach((schedule, index) => {
    try {
      self.postMessage({ kind: 'row', row: modelFitRow(req.inputs, schedule), index, total });
    } catch (err) {
      self.postMessage({ kind: 'error', schedule, error: err instanceof Error ? err.message : String(err), index, total });
    }
  });
  self.postMessage({ kind: 'done' });
};
