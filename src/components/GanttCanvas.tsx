/**
 * Canvas view of one chart, for windows with more ops than SVG can redraw per frame: the chart's
 * shapes (render/geometry.ts, sub-pixel ops merged) painted by render/canvasPainter.ts, once per
 * animation frame, into a shape buffer reused from frame to frame.
 */
import { memo, useRef } from 'react';
import { appHook } from '../app/appHook.ts';
import { useCanvasPaint } from '../hooks/useCanvasPaint.ts';
import { paintChart, type Ctx } from '../render/canvasPainter.ts';
import { chartShapes, type ChartView } from '../render/geometry.ts';
import type { Palette } from '../render/palette.ts';
import { ShapeBuffer } from '../render/shapes.ts';

function hatch(pal: Palette): CanvasPattern | null {
  const c = document.createElement('canvas');
  c.width = 6;
  c.height = 6;
  const g = c.getContext('2d');
  if (!g) return null;
  g.strokeStyle = pal.bubbleStroke;
  g.lineWidth = 1.5;
  g.beginPath();
  g.moveTo(0, 6);
  g.lineTo(6, 0);
  g.stroke();
  return g.createPattern(c, 'repeat');
}

interface Props {
  view: ChartView;
  width: number;
  grid: readonly number[];
  testid: string;
  label: string;
}

// memo: a hover re-renders the chart panel but changes none of these props: no full repaint
export const GanttCanvas = memo(function GanttCanvas({ view, width, grid, testid, label }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  const pattern = useRef<{ pal: Palette; fill: CanvasPattern | null } | null>(null);
  const shapes = useRef<ShapeBuffer | null>(null);
  const size = useCanvasPaint(ref, width, view.rows.height, (ctx) => {
    const t0 = performance.now();
    const { palette } = view;
    if (pattern.current?.pal !== palette) pattern.current = { pal: palette, fill: hatch(palette) };
    const s = chartShapes({ ...view, merge: true }, (shapes.current ??= new ShapeBuffer()));
    paintChart(ctx as unknown as Ctx, {
      shapes: s,
      rows: view.rows,
      x: view.x,
      width,
      height: view.rows.height,
      palette,
      grid,
      bubbleHatch: pattern.current.fill ?? undefined,
    });
    const hook = appHook();
    if (hook) {
      hook.paints++;
      hook.lastPaintMs = performance.now() - t0;
    }
  });
  return <canvas ref={ref} data-testid={`${testid}-canvas`} className="gantt-canvas" {...size} role="img" aria-label={label} />;
});
