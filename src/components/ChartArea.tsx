/**
 * The chart region: toolbar, then the viewport — shared time axis, the main chart, the optional
 * comparison stacked on the same axis, activation memory — with the zoom binding, pointer and
 * keyboard input, and the tooltip. Picks SVG or canvas from the number of visible items. A file
 * dropped anywhere on it is imported (app/importFile.ts).
 *
 * Coordinates: timeline units (cost units or µs) → px through one TimeScale over the plot range
 * [GUTTER.left, width − GUTTER.right]; every chart and the activation strip use that scale.
 */
import { useDeferredValue, useEffect, useMemo, useRef } from 'react';
import { appHook } from '../app/appHook.ts';
import { importPickedLazily } from '../app/importLazy.ts';
import { useAppStore, useStoreApi } from '../hooks/useAppStore.ts';
import type { EngineOk, EngineResult } from '../pipeline/runEngine.ts';
import { useChartInput, type ChartGeom } from '../hooks/useChartInput.ts';
import { useFileDrop } from '../hooks/useFileDrop.ts';
import { useShownDomain } from '../hooks/useShownDomain.ts';
import { useSize } from '../hooks/useSize.ts';
import { useZoom } from '../hooks/useZoom.ts';
import { visibleCount } from '../render/cull.ts';
import { kindsOf } from '../render/figure.ts';
import { getPalette, type ThemeName } from '../render/palette.ts';
import { rowLayout } from '../render/rows.ts';
import { axisTicks, timeScale } from '../render/scales.ts';
import { scheduleLabel } from '../store/params.ts';
import { ActivationChart } from './ActivationChart.tsx';
import { ChartPanel } from './ChartPanel.tsx';
import { ChartToolbar } from './ChartToolbar.tsx';
import { CursorAnnouncer } from './CursorAnnouncer.tsx';
import { TimeAxis } from './TimeAxis.tsx';
import { Tooltip } from './Tooltip.tsx';

/**
 * Above this many visible items (ops, ×3 in the detailed mode for its lanes) the canvas painter
 * takes over: measured with scripts/bench/browser.ts, React re-rendering and the browser
 * re-rasterising this many SVG op groups already takes most of a 60 Hz frame.
 */
export const SVG_MAX_ITEMS = 600;

export function ChartArea({ main, compare, theme }: { main: EngineOk; compare: EngineResult | null; theme: ThemeName }) {
  const viewportRef = useRef<HTMLDivElement>(null);
  const store = useStoreApi();
  const drop = useFileDrop((picked) => void importPickedLazily(store, picked));
  const { width } = useSize(viewportRef);
  const stored = useAppStore((s) => s.domain);
  const setDomain = useAppStore((s) => s.setDomain);
  const palette = getPalette(
    useAppStore((s) => s.palette),
    theme,
  );
  const rendererChoice = useAppStore((s) => s.renderer);
  const cmp = compare?.ok ? compare : null;
  const results = useMemo(() => (cmp ? [main, cmp] : [main]), [main, cmp]);
  const extent = Math.max(1e-9, ...results.map((r) => r.layout.makespan));
  const minSpan = Math.min(...results.map((r) => r.minSpan));
  const { domain, zoomBy } = useShownDomain(stored, extent, minSpan, setDomain);
  const x = useMemo(() => timeScale(domain, width), [domain, width]);
  const kinds = useMemo(() => kindsOf(results.map((r) => r.layout)), [results]);
  const rows = useMemo(() => results.map((r) => rowLayout(r.layout.ranks, !!r.detail)), [results]);
  const charts: ChartGeom[] = results.map((r, i) => ({ chart: i as 0 | 1, result: r, rows: rows[i] }));
  const visible = results.reduce((n, r) => n + visibleCount(r.layout, domain[0], domain[1]) * (r.detail ? 3 : 1), 0);
  const mode = rendererChoice === 'auto' ? (visible > SVG_MAX_ITEMS ? 'canvas' : 'svg') : rendererChoice;
  const grid = useMemo(() => axisTicks(x, main.units).map((t) => t.px), [x, main.units]);
  // After a parameter change the activation strip follows the chart one render later (deferred),
  // shown meanwhile as it was last drawn, with that scale; a zoom or pan moves it at once. Only
  // the result is deferred: deferring the scale too would render everything twice per pan frame.
  const deferredMain = useDeferredValue(main);
  const drawn = useRef({ result: main, x });
  useEffect(() => {
    if (deferredMain === main) drawn.current = { result: main, x };
  });
  const activation = deferredMain === main ? { result: main, x } : drawn.current;

  useZoom(viewportRef, { extent, minSpan, x0: x.left, x1: x.right }, domain, setDomain);
  const input = useChartInput({ charts, x, domain, extent, minSpan });

  useEffect(() => {
    const hook = appHook();
    if (!hook) return;
    hook.renderer = mode;
    hook.visibleOps = visible;
    hook.ready = true;
    document.documentElement.dataset.ready = 'true';
  });

  const names = results.map((r) => scheduleLabel(r.schedule)).join(' and ');
  return (
    <section className={`chart-area${drop.over ? ' drop-target' : ''}`} aria-label="Timeline" data-testid="chart-area" {...drop.handlers}>
      <ChartToolbar
        result={main}
        compare={cmp}
        theme={theme}
        kinds={kinds}
        domain={domain}
        units={main.units}
        mode={mode}
        visible={Math.round(visible / (main.detail ? 3 : 1))}
        palette={palette}
        dual={results.some((r) => r.layout.dual)}
        detailed={!!main.detail}
        onZoom={zoomBy}
      />
      <div
        ref={viewportRef}
        className="viewport"
        data-testid="viewport"
        data-renderer={mode}
        tabIndex={0}
        role="group"
        aria-roledescription="timeline"
        aria-label={`${names} timeline. W/S zoom, A/D pan, 0 reset, arrow keys move between ops, Enter highlights a micro-batch, Escape clears.`}
        aria-describedby="op-tooltip"
        {...input}
      >
        <div className="axis-row">
          <TimeAxis x={x} width={width} units={main.units} />
        </div>
        {charts.map((c) => (
          <ChartPanel
            key={c.chart}
            chart={c.chart}
            result={c.result}
            rows={c.rows}
            x={x}
            width={width}
            palette={palette}
            grid={grid}
            mode={mode}
          />
        ))}
        {compare && !compare.ok ? (
          <p
            className={compare.pending ? 'building' : 'compare-error'}
            role="note"
            data-testid={compare.pending ? 'compare-pending' : 'compare-error'}
          >
            {compare.pending ? (
              <>
                <span className="spinner" aria-hidden="true" /> Building {scheduleLabel(compare.schedule)} for comparison in the background…
              </>
            ) : (
              <>
                Cannot draw {scheduleLabel(compare.schedule)} for comparison: {compare.error}
              </>
            )}
          </p>
        ) : null}
        <ActivationChart
          result={activation.result}
          x={activation.x}
          width={width}
          palette={palette}
          mode={mode}
          limit={activation.result.params.memLimit}
        />
        {cmp ? (
          <ActivationChart result={cmp} x={x} width={width} palette={palette} mode={mode} limit={cmp.params.memLimit} compare />
        ) : null}
      </div>
      {drop.over ? (
        <div className="drop-hint" aria-hidden="true">
          Drop to import: PyTorch CSV, pipescope project or SVG, profiler trace (.json or .json.gz); every rank's trace, or their folder,
          for a measured run
        </div>
      ) : null}
      <Tooltip charts={charts} x={x} />
      <CursorAnnouncer charts={charts} />
    </section>
  );
}
