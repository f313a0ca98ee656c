/**
 * Run / Cancel, the worker's progress, and what the last run did or why it failed. Small tensors
 * re-run by themselves; bigger ones wait here for Run (controller.ts).
 */
import { memo } from 'react';
import { useAppStore } from '../../hooks/useAppStore.ts';
import type { TensorResult } from '../../fp8panel/protocol.ts';
import { AUTO_RUN_ELEMENTS, type Fp8Controller, type RunState } from './controller.ts';
import { ms, shapeLabel } from './format.ts';

interface Props {
  controller: Fp8Controller;
  run: RunState<TensorResult>;
  blocked: string | null;
  stale: boolean;
  elements: number;
}

export const RunBar = memo(function RunBar({ controller, run, blocked, stale, elements }: Props) {
  const nMethods = useAppStore((s) => s.fp8.methods.length);
  const running = run.status === 'running';
  const r = run.result;
  return (
    <div className="fp8-runbar" data-testid="fp8-runbar">
      <div className="fp8-run-buttons">
        <button
          type="button"
          className="fp8-run"
          onClick={() => void controller.runTensor()}
          disabled={!!blocked || running}
          data-testid="fp8-run"
        >
          Run
        </button>
        <button type="button" onClick={() => controller.cancelTensor()} disabled={!running} data-testid="fp8-cancel">
          Cancel
        </button>
        {running ? (
          <span className="fp8-progress" data-testid="fp8-progress">
            <progress value={run.fraction} max={1} aria-label="FP8 computation progress" />
            <span className="muted small">
              {Math.round(run.fraction * 100)}% {run.stage}
            </span>
          </span>
        ) : null}
      </div>
      <div className="fp8-status" aria-live="polite" data-testid="fp8-status" data-status={run.status}>
        {blocked ? (
          <span className="fp8-error-text" role="alert" data-testid="fp8-blocked">
            {blocked}
          </span>
        ) : run.status === 'error' ? (
          <span className="fp8-error-text" role="alert" data-testid="fp8-error">
            {run.error}
          </span>
        ) : run.status === 'cancelled' ? (
          <span>Cancelled.{r ? ' Showing the previous result.' : ''}</span>
        ) : run.status === 'done' && r ? (
          <span
            data-testid="fp8-timing"
            title={`worker: tensor ${ms(r.ms.source)}, histogram ${ms(r.ms.bins)}, methods ${r.methods.map((m) => ms(m.ms)).join(' + ')}, re-quantization ${ms(r.ms.requant)}`}
          >
            {shapeLabel(r.shape)} · {r.methods.length} method{r.methods.length === 1 ? '' : 's'}
            {r.requant ? ' + re-quantization' : ''} · {ms(r.ms.total)} in the worker
            {r.nanCount ? ` · ${r.nanCount.toLocaleString('en-US')} NaN inputs` : ''}
          </span>
        ) : null}
        {!blocked && !running && (stale || !r) && elements > AUTO_RUN_ELEMENTS ? (
          <span className="fp8-stale-note">
            {' '}
            {r
              ? 'The inputs changed: press Run to update.'
              : `Press Run to quantize ${elements.toLocaleString('en-US')} elements with ${nMethods} method${nMethods === 1 ? '' : 's'}.`}
          </span>
        ) : null}
      </div>
    </div>
  );
});
