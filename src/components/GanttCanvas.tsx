/**
 * Canvas view of one chart, for windows with more ops than SVG can redraw per frame. Paints the
 * same layout, rows and scale through render/canvasPainter.ts, once per animation frame.
 */
import { memo, useRef } from 'react';
import { appHook } from '../app/appHook.ts';
import { useCanvasPaint } from '../hooks/useCanvasPaint.ts';
import { paintChart, type Ctx } from '../render/canvasPainter.ts';
import type { Palette } from '../render/palette.ts';
import type { GanttProps } from './GanttSvg.tsx';

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

// memo: a hover re-renders the chart panel but changes none of these props: no full repaint
export const GanttCanvas = memo(function GanttCanvas(props: GanttProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const pattern = useRef<{ pal: Palette; fill: CanvasPattern | null } | null>(null);
  const { width, rows, testid, label } = props;
  const size = useCanvasPaint(ref, width, rows.height, (ctx) => {
    const t0 = performance.now();
    if (pattern.current?.pal !== props.palette) pattern.current = { pal: props.palette, fill: hatch(props.palette) };
    paintChart(ctx as unknown as Ctx, { ...props, height: rows.height, showBubbles: true, bubbleHatch: pattern.current.fill ?? undefined });
    const hook = appHook();
    if (hook) {
      hook.paints++;
      hook.lastPaintMs = performance.now() - t0;
    }
  });
  return <canvas ref={ref} data-testid={`${testid}-canvas`} className="gantt-canvas" {...size} role="img" aria-label={label} />;
});
