/**
 * The measured step and its replay on one time axis (docs/measured.md §12): a toolbar (zoom,
 * colouring, what to mark, the colour key), then one viewport holding the shared time axis and
 * both charts, so one d3-zoom binding (hooks/useZoom.ts) zooms and pans them together; wheel, drag
 * and the keys W/S (zoom), A/D (pan), 0 (fit) as on the schedule view. The op under the pointer is
 * found the way the schedule view finds it (render/rows.ts laneAt, render/hitTest.ts hitOp) and
 * described in a tooltip: measured and simulated start, end and compute time, the wait inside
 * the range and the differences. Times µs, shown in ms.
 */
import { useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { CriticalOp, TraceAnalysis } from '../../measured/index.ts';
import { useShownDomain } from '../../hooks/useShownDomain.ts';
import { useSize } from '../../hooks/useSize.ts';
import { useZoom } from '../../hooks/useZoom.ts';
import { hitOp } from '../../render/hitTest.ts';
import type { Palette } from '../../render/palette.ts';
import { laneAt, rowLayout } from '../../render/rows.ts';
import { MICROSECONDS_AS_MS, axisTicks, formatTime, timeScale } from '../../render/scales.ts';
import { PAN_STEP, keyAction } from '../../render/chartInput.ts';
import { minSpanOf, normalizeDomain, panBy, type Domain } from '../../render/zoomMath.ts';
import { TimeAxis } from '../TimeAxis.tsx';
import { ZoomButtons } from '../ZoomButtons.tsx';
import { DiffLegend, KindLegend } from './DiffLegend.tsx';
import { MeasuredChart } from './MeasuredChart.tsx';
import { MeasuredTooltip, type Hovered } from './MeasuredTooltip.tsx';
import { COLOUR_BY_LABELS, idlePerRank, scaleOf, type ColourBy, type SideBySide } from './sideBySide.ts';

interface Props {
  a: TraceAnalysis;
  sbs: SideBySide;
  critical: CriticalOp[];
  palette: Palette;
}

const ms = (t: number) => formatTime(t, MICROSECONDS_AS_MS);

export function MeasuredCharts({ a, sbs, critical, palette }: Props) {
  const viewportRef = useRef<HTMLDivElement>(null);
  const { width } = useSize(viewportRef);
  const { measured, simulated, ops } = sbs;
  const [colourBy, setColourBy] = useState<ColourBy>('duration');
  const [showCritical, setShowCritical] = useState(true);
  const [showWaits, setShowWaits] = useState(true);
  const [stored, setStored] = useState<Domain | null>(null);
  const [hover, setHover] = useState<Hovered | null>(null);

  const extent = Math.max(measured.makespan, simulated?.makespan ?? 0, 1e-9);
  const minSpan = minSpanOf(Math.min(measured.minDuration, simulated?.minDuration ?? Infinity), extent);
  const { domain, zoomBy } = useShownDomain(stored, extent, minSpan, setStored);
  const x = useMemo(() => timeScale(domain, width), [domain, width]);
  const rows = useMemo(() => rowLayout(measured.ranks, false), [measured.ranks]);
  const grid = useMemo(() => axisTicks(x, MICROSECONDS_AS_MS).map((t) => t.px), [x]);
  const scale = useMemo(() => scaleOf(ops, colourBy), [ops, colourBy]);
  useZoom(viewportRef, { extent, minSpan, x0: x.left, x1: x.right }, domain, setStored);

  // layout rect index of each path step; rect indices are rank-major like the measured ops
  const path = useMemo(
    () => critical.filter((s) => s.index >= 0).map((s) => ({ op: measured.rankStart[s.rank] + s.index, next: s.next })),
    [critical, measured],
  );
  const diff = a.recognized.closest?.firstDifference;
  const firstDifference =
    diff && diff.index < measured.rankStart[diff.rank + 1] - measured.rankStart[diff.rank]
      ? measured.rankStart[diff.rank] + diff.index
      : -1;
  const measuredIdle = useMemo(() => a.idle.map((i) => (i.waitingMs + i.bubbleMs) * 1000), [a]);
  const simulatedIdle = useMemo(() => (simulated ? idlePerRank(simulated) : []), [simulated]);
  const marks0 = useMemo(
    () => ({ waits: showWaits ? ops : null, critical: showCritical ? path : null, firstDifference }),
    [showWaits, showCritical, ops, path, firstDifference],
  );
  const marks1 = useMemo(() => ({ waits: null, critical: null, firstDifference: -1 }), []);

  const pan = (fraction: number) => setStored(normalizeDomain(panBy(domain, fraction, extent, minSpan), extent));
  // the schedule chart's key map; with no op cursor on this page, the arrows pan
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const a = keyAction(e);
    if (a?.type === 'zoom') zoomBy(a.factor);
    else if (a?.type === 'pan') pan(a.fraction);
    else if (a?.type === 'move' && (a.dir === 'left' || a.dir === 'right')) pan(a.dir === 'left' ? -PAN_STEP : PAN_STEP);
    else if (a?.type === 'reset') setStored(null);
    else return;
    e.preventDefault();
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const plot = (e.target as Element).closest?.('[data-chart]') as HTMLElement | null;
    const chart = plot ? (Number(plot.dataset.chart) as 0 | 1) : null;
    const layout = chart === 0 ? measured : chart === 1 ? simulated : null;
    if (!plot || chart === null || !layout) return setHover(null);
    const r = plot.getBoundingClientRect();
    const px = e.clientX - r.left;
    const lane = laneAt(rows, e.clientY - r.top);
    const op = lane && px >= x.left && px <= x.right ? hitOp(layout, lane.rank, x.time(px), 3 * x.unitsPerPx) : -1;
    setHover((h) =>
      op < 0
        ? null
        : h && h.op === op && h.chart === chart && h.x === e.clientX && h.y === e.clientY
          ? h
          : { chart, op, x: e.clientX, y: e.clientY },
    );
  };

  const ratio = a.simulated ? a.simulated.makespan / a.run.makespan : null;
  // both charts: the same ops, rows, axis and colouring
  const shared = { ops, rows, x, width, palette, grid, colourBy, scale, hoverOp: hover?.op ?? -1 };
  return (
    <section className="chart-area measured-charts" aria-label="Measured and simulated timelines">
      <div className="toolbar">
        <ZoomButtons onZoom={zoomBy} onReset={() => setStored(null)} zoomed={stored !== null} resetTestId="measured-reset-zoom" />
        <span className="window muted" data-testid="measured-window">
          {ms(domain[0])} – {ms(domain[1])}
        </span>
        <label className="inline">
          <span>Colour by</span>
          <select
            value={colourBy}
            onChange={(e) => setColourBy(e.target.value as ColourBy)}
            aria-label="Colour ops by"
            data-testid="colour-by"
          >
            {(Object.keys(COLOUR_BY_LABELS) as ColourBy[]).map((k) => (
              <option key={k} value={k} disabled={k !== 'kind' && !simulated}>
                {COLOUR_BY_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        <label className="inline check-inline">
          <input type="checkbox" checked={showCritical} onChange={(e) => setShowCritical(e.target.checked)} data-testid="show-critical" />
          <span>critical path</span>
        </label>
        <label className="inline check-inline">
          <input type="checkbox" checked={showWaits} onChange={(e) => setShowWaits(e.target.checked)} data-testid="show-waits" />
          <span>waits inside ranges</span>
        </label>
        {scale && colourBy !== 'kind' ? <DiffLegend scale={scale} by={colourBy} /> : <KindLegend palette={palette} layout={measured} />}
      </div>
      <div
        ref={viewportRef}
        className="viewport"
        data-testid="measured-viewport"
        tabIndex={0}
        role="group"
        aria-roledescription="timeline"
        aria-label="Measured step above, its replay with fitted per-stage costs below, on one time axis. W/S zoom, A/D pan, 0 fits."
        onKeyDown={onKeyDown}
        onPointerMove={onPointerMove}
        onPointerLeave={() => setHover(null)}
      >
        <div className="axis-row">
          <TimeAxis x={x} width={width} units={MICROSECONDS_AS_MS} />
        </div>
        <MeasuredChart
          chart={0}
          title="Measured (trace)"
          detail={`P=${a.run.ranks} · M=${a.run.microbatches} · ${a.run.stages} stages · makespan ${ms(a.run.makespan)} · right: idle per rank`}
          layout={measured}
          idle={measuredIdle}
          marks={marks0}
          {...shared}
        />
        {simulated && a.simulated ? (
          <MeasuredChart
            chart={1}
            title="Simulated (measured order, fitted per-stage costs)"
            detail={`makespan ${ms(a.simulated.makespan)} (${ratio!.toFixed(2)} × measured) · comm ${ms(a.fitted.costs.comm)}`}
            layout={simulated}
            idle={simulatedIdle}
            marks={marks1}
            {...shared}
          />
        ) : (
          <p className="compare-error" role="note" data-testid="no-replay">
            The engine cannot replay the measured order, so there is no simulated chart; the notes below say why.
          </p>
        )}
      </div>
      {hover ? <MeasuredTooltip hover={hover} layout={hover.chart === 0 ? measured : simulated!} op={ops[hover.op]} /> : null}
    </section>
  );
}
