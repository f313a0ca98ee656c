/**
 * One chart of the measured page: the measured step or its replay, drawn by the one chart geometry
 * (render/geometry.ts) through the SVG view and its label canvas (GanttSvg, GanttLabels), with op
 * fills replaced by their difference when the page colours by one (sideBySide.ts), and the
 * overlay (MeasuredOverlay). The plot carries data-chart for the pointer (MeasuredCharts).
 */
import { useMemo } from 'react';
import type { OpComparison } from '../../measured/index.ts';
import { chartShapes } from '../../render/geometry.ts';
import type { Layout } from '../../render/layout.ts';
import type { Palette } from '../../render/palette.ts';
import type { Rows } from '../../render/rows.ts';
import type { TimeScale } from '../../render/scales.ts';
import { GanttLabels } from '../GanttLabels.tsx';
import { GanttSvg } from '../GanttSvg.tsx';
import type { DiffScale } from './diffScale.ts';
import { MeasuredOverlay, type OverlayMarks } from './MeasuredOverlay.tsx';
import { recolour, type ColourBy } from './sideBySide.ts';

interface Props {
  chart: 0 | 1;
  title: string;
  detail: string;
  layout: Layout;
  ops: readonly OpComparison[];
  rows: Rows;
  x: TimeScale;
  width: number;
  palette: Palette;
  grid: readonly number[];
  colourBy: ColourBy;
  scale: DiffScale | null;
  /** right gutter: idle per rank, µs */
  idle: number[];
  marks: OverlayMarks;
  hoverOp: number;
}

export function MeasuredChart(p: Props) {
  const { chart, layout, rows, x, palette, colourBy, scale, ops } = p;
  const shapes = useMemo(() => {
    const s = chartShapes({ layout, rows, x, palette, selection: null });
    return colourBy !== 'kind' && scale ? recolour(s, ops, colourBy, scale) : s;
  }, [layout, rows, x, palette, colourBy, scale, ops]);
  const testid = chart === 0 ? 'measured-gantt' : 'simulated-gantt';
  const label = `${p.title}: ${layout.ranks} ranks, ${layout.count} ops. ${p.detail}`;
  const g = { shapes, layout, rows, x, width: p.width, palette, grid: p.grid, testid, label };
  return (
    <section className="chart-panel" aria-label={p.title} data-testid={`${testid}-panel`}>
      <h2 className="chart-title">
        <span className="name">{p.title}</span>
        <span className="muted">{p.detail}</span>
      </h2>
      <div className="plot" data-chart={chart} style={{ height: rows.height }}>
        <GanttSvg {...g} />
        <GanttLabels {...g} />
        <MeasuredOverlay
          chart={chart}
          layout={layout}
          rows={rows}
          x={x}
          width={p.width}
          idle={p.idle}
          marks={p.marks}
          hoverOp={p.hoverOp}
        />
      </div>
    </section>
  );
}
