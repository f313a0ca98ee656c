/**
 * The FP8 side panel (docs/fp8.md): inputs on top, then the metrics table and the charts — |x|
 * histogram with the FP8 range, per-group scale heatmap, backward re-quantization, GEMM
 * accumulation error vs K with the H200 measurements. All computation runs in a web worker
 * (controller.ts); "Expand" shows the same panel over the page, wider.
 */
import './fp8.css';
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { createPortal } from 'react-dom';
import { evaluateDrafts } from '../../fp8panel/inputs.ts';
import { useAppStore, useStoreApi } from '../../hooks/useAppStore.ts';
import { AccumulationChart } from './AccumulationChart.tsx';
import { blockedReason, controllerFor, elementsOf } from './controller.ts';
import { Fp8Controls } from './Fp8Controls.tsx';
import { HistogramChart } from './HistogramChart.tsx';
import { MetricsTable } from './MetricsTable.tsx';
import { RequantChart } from './RequantChart.tsx';
import { RunBar } from './RunBar.tsx';
import { ScaleHeatmap } from './ScaleHeatmap.tsx';
import { useColors } from './useColors.ts';

/**
 * `value` handed out to n consumers one frame apart (consumer i gets it i frames after it
 * changed; until then the previous value): a new result updates the table and the charts in
 * separate tasks, each well under the 50 ms long-task line, instead of in one.
 */
function useStaggered<T>(value: T, n: number): T[] {
  const [vals, setVals] = useState<T[]>(() => Array<T>(n).fill(value));
  useEffect(() => {
    let i = 0;
    let raf = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const step = () => {
      const k = i++;
      setVals((v) => (v[k] === value ? v : v.map((x, j) => (j === k ? value : x))));
      if (i < n) raf = requestAnimationFrame(() => (timer = setTimeout(step, 0)));
    };
    step();
    return () => {
      cancelAnimationFrame(raf);
      clearTimeout(timer);
    };
  }, [value, n]);
  return vals;
}

export function Fp8Panel() {
  const store = useStoreApi();
  const controller = controllerFor(store);
  const view = useSyncExternalStore(controller.subscribe, controller.getSnapshot);
  const fp8 = useAppStore((s) => s.fp8);
  const drafts = useAppStore((s) => s.fp8Drafts);
  const colors = useColors();
  const [expanded, setExpanded] = useState(false);
  useEffect(() => controller.start(), [controller]);
  const toggled = useRef(false);
  useEffect(() => {
    // the panel moved (portal): keep the keyboard focus on its toggle (not on first mount)
    if (toggled.current) document.querySelector<HTMLButtonElement>('[data-testid="fp8-expand"]')?.focus();
  }, [expanded]);
  useEffect(() => {
    if (!expanded) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        toggled.current = true;
        setExpanded(false);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [expanded]);

  const errors = useMemo(() => evaluateDrafts(drafts, fp8).errors, [drafts, fp8]);
  const blocked = blockedReason(store.getState(), view.file);
  const key = controller.tensorKey();
  const run = view.tensor;
  const result = run.result;
  const [rTable, rHist, rScales, rRequant] = useStaggered(result, 4);
  const stale = !!result && run.resultKey !== key;
  const overflowLabel = fp8.overflow === 'saturate' ? 'saturated' : 'NaN/Inf';

  const panel = (
    <section className={`fp8-panel${expanded ? ' fp8-expanded' : ''}`} data-testid="fp8-panel" aria-label="FP8 quantization panel">
      <header className="fp8-head">
        <h2>FP8 quantization error</h2>
        <button
          type="button"
          className="ghost"
          onClick={() => {
            toggled.current = true;
            setExpanded(!expanded);
          }}
          aria-expanded={expanded}
          data-testid="fp8-expand"
          title={expanded ? 'Back to the side panel (Esc)' : 'Show the panel wider, over the page'}
        >
          {expanded ? 'Close' : 'Expand'}
        </button>
      </header>
      <div className="fp8-layout">
        <div className="fp8-inputs">
          <Fp8Controls controller={controller} file={view.file} errors={errors} />
          <RunBar controller={controller} run={run} blocked={blocked} stale={stale} elements={elementsOf(fp8, view.file)} />
        </div>
        <div className="fp8-results">
          {result ? (
            <>
              <div className={stale || run.status === 'running' ? 'fp8-stale' : undefined}>
                {rTable ? <MetricsTable methods={rTable.methods} overflow={fp8.overflow} stale={false} /> : null}
              </div>
              <div className={`fp8-charts${stale || run.status === 'running' ? ' fp8-stale' : ''}`}>
                {rHist ? <HistogramChart result={rHist} colors={colors} overflowLabel={overflowLabel} /> : null}
                {rScales ? <ScaleHeatmap result={rScales} colors={colors} /> : null}
                {rRequant?.requant ? <RequantChart r={rRequant.requant} colors={colors} /> : null}
              </div>
            </>
          ) : (
            <p className="fp8-placeholder">{run.status === 'running' ? 'Quantizing…' : 'Results appear here after a run.'}</p>
          )}
          <AccumulationChart run={view.accum} colors={colors} />
        </div>
      </div>
    </section>
  );
  if (!expanded) return panel;
  // Over the page through a portal: the side panel is a containment boundary (contain: paint),
  // which would clip a fixed-position child.
  return (
    <>
      <p className="fp8-placeholder">
        The FP8 panel is expanded.{' '}
        <button type="button" onClick={() => setExpanded(false)}>
          Back here
        </button>
      </p>
      {createPortal(
        <>
          <div className="fp8-backdrop" onClick={() => setExpanded(false)} aria-hidden="true" />
          {panel}
        </>,
        document.body,
      )}
    </>
  );
}
