/**
 * One schedule's chart: a heading line with its key numbers (render/figure.ts, as in the export),
 * then the plot — the SVG or canvas view of the chart's shapes (render/geometry.ts) plus the
 * overlay — at a height set by its rows. The plot element carries data-chart, which the
 * viewport's pointer handling uses to find the chart under the pointer.
 */
import { useMemo } from 'react';
import { useAppStore } from '../hooks/useAppStore.ts';
import { producersOf, type EngineOk } from '../pipeline/runEngine.ts';
import { microbatchPath } from '../render/deps.ts';
import { chartHeading } from '../render/figure.ts';
import { chartShapes, selectionOf, type ChartView } from '../render/geometry.ts';
import type { Palette } from '../render/palette.ts';
import type { Rows } from '../render/rows.ts';
import { formatTime, type TimeScale } from '../render/scales.ts';
import { scheduleLabel } from '../store/params.ts';
import { ChartOverlay } from './ChartOverlay.tsx';
import { MemoryMarks } from './costs/MemoryMarks.tsx';
import { GanttCanvas } from './GanttCanvas.tsx';
import { GanttLabels } from './GanttLabels.tsx';
import { GanttSvg } from './GanttSvg.tsx';

interface Props {
  chart: 0 | 1;
  result: EngineOk;
  rows: Rows;
  x: TimeScale;
  width: number;
  palette: Palette;
  grid: readonly number[];
  mode: 'svg' | 'canvas';
}

export function ChartPanel({ chart, result, rows, x, width, palette, grid, mode }: Props) {
  const { layout, metrics, closed, units } = result;
  const selectedMb = useAppStore((s) => s.selectedMb);
  const hoverOp = useAppStore((s) => (s.hover?.chart === chart ? s.hover.op : -1));
  const cursorOp = useAppStore((s) => (s.cursor?.chart === chart ? s.cursor.op : -1));
  const selection = useMemo(
    () => (selectedMb === null ? null : selectionOf(layout, selectedMb, microbatchPath(producersOf(result), selectedMb))),
    [layout, result, selectedMb],
  );
  const view = useMemo<ChartView>(() => ({ layout, rows, x, palette, selection }), [layout, rows, x, palette, selection]);
  const shapes = useMemo(() => (mode === 'svg' ? chartShapes(view) : null), [view, mode]);
  const name = scheduleLabel(result.schedule);
  const heading = chartHeading({
    name,
    compare: chart === 1,
    layout,
    stagesPerRank: result.stagesPerRank,
    makespan: metrics.makespan,
    bubble: metrics.bubble,
    closed: closed?.value ?? null,
    units,
  });
  const testid = chart === 0 ? 'gantt' : 'gantt-compare';
  const label = `${name} timeline: ${layout.ranks} ranks, ${layout.count} ops, makespan ${formatTime(metrics.makespan, units)}`;
  return (
    <section className="chart-panel" aria-label={`${name} chart`} data-testid={`${testid}-panel`}>
      <h2 className="chart-title">
        <span className="name">{heading.name}</span>
        <span className="muted">{heading.detail}</span>
        {selection ? <span className="chip">micro-batch {selection.microbatch}</span> : null}
      </h2>
      <div className="plot" data-chart={chart} style={{ height: rows.height }}>
        {shapes ? (
          <>
            <GanttSvg
              shapes={shapes}
              layout={layout}
              rows={rows}
              x={x}
              width={width}
              palette={palette}
              grid={grid}
              testid={testid}
              label={label}
            />
            <GanttLabels
              shapes={shapes}
              layout={layout}
              rows={rows}
              x={x}
              width={width}
              palette={palette}
              grid={grid}
              testid={testid}
              label={label}
            />
          </>
        ) : (
          <GanttCanvas view={view} width={width} grid={grid} testid={testid} label={label} />
        )}
        <ChartOverlay
          chart={chart}
          layout={layout}
          bubble={metrics.bubble}
          rows={rows}
          x={x}
          width={width}
          palette={palette}
          units={units}
          selection={selection}
          hoverOp={hoverOp}
          cursorOp={cursorOp}
        />
        <MemoryMarks chart={chart} result={result} rows={rows} x={x} width={width} limit={result.params.memLimit} fill={palette.error} />
      </div>
    </section>
  );
}
