/**
 * One schedule's chart: a title line with its key numbers, then the plot — the SVG or canvas
 * view plus the overlay — at a height set by its rows. The plot element carries data-chart, which
 * the viewport's pointer handling uses to find the chart under the pointer.
 */
import { useMemo } from 'react';
import { useAppStore } from '../hooks/useAppStore.ts';
import { producersOf, type EngineOk } from '../pipeline/runEngine.ts';
import { microbatchPath } from '../render/deps.ts';
import type { Palette } from '../render/palette.ts';
import type { Rows } from '../render/rows.ts';
import { formatTime, type TimeScale } from '../render/scales.ts';
import { scheduleLabel } from '../store/params.ts';
import { ChartOverlay } from './ChartOverlay.tsx';
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
  grid: number[];
  mode: 'svg' | 'canvas';
}

export function ChartPanel({ chart, result, rows, x, width, palette, grid, mode }: Props) {
  const { layout, metrics, closed, units } = result;
  const selectedMb = useAppStore((s) => s.selectedMb);
  const hoverOp = useAppStore((s) => (s.hover?.chart === chart ? s.hover.op : -1));
  const cursorOp = useAppStore((s) => (s.cursor?.chart === chart ? s.cursor.op : -1));
  const path = useMemo(() => {
    if (selectedMb === null) return null;
    const p = microbatchPath(producersOf(result), selectedMb);
    return p.members.length ? p : null;
  }, [layout, result, selectedMb]);
  const highlight = useMemo(() => {
    if (!path) return null;
    const m = new Uint8Array(layout.rects.length);
    for (const h of path.members) m[h.op] |= 1 << h.half;
    return m;
  }, [path, layout]);
  const name = scheduleLabel(result.schedule);
  const maxBubble = Math.max(0, ...metrics.bubble);
  const testid = chart === 0 ? 'gantt' : 'gantt-compare';
  const label = `${name} timeline: ${layout.ranks} ranks, ${layout.rects.length} ops, makespan ${formatTime(metrics.makespan, units)}`;
  const viewProps = { layout, rows, x, width, palette, highlight, grid, testid, label };
  return (
    <section className="chart-panel" aria-label={`${name} chart`} data-testid={`${testid}-panel`}>
      <h2 className="chart-title">
        <span className="name">{chart === 1 ? `compare: ${name}` : name}</span>
        <span className="muted">
          P={layout.ranks} · M={layout.microbatches} · v={result.stagesPerRank}
          {' · '}makespan {formatTime(metrics.makespan, units)} · bubble {formatTime(maxBubble, units)}
          {closed ? ` (closed form ${formatTime(closed.value, units)})` : ''}
        </span>
        {selectedMb !== null && path ? <span className="chip">micro-batch {selectedMb}</span> : null}
      </h2>
      <div className="plot" data-chart={chart} style={{ height: rows.height }}>
        {mode === 'svg' ? (
          <>
            <GanttSvg {...viewProps} />
            <GanttLabels {...viewProps} />
          </>
        ) : (
          <GanttCanvas {...viewProps} />
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
          path={path}
          hoverOp={hoverOp}
          cursorOp={cursorOp}
        />
      </div>
    </section>
  );
}
