/**
 * The SVG view's labels (micro-batch ids, piece names when zoomed in): the chart shapes' labels,
 * painted by render/canvasPainter.ts paintLabels on a transparent canvas laid over the SVG, once
 * per animation frame in which they changed.
 */
import { memo, useRef } from 'react';
import { useCanvasPaint } from '../hooks/useCanvasPaint.ts';
import { paintLabels, type Ctx } from '../render/canvasPainter.ts';
import type { GanttProps } from './GanttSvg.tsx';

// memo: a hover re-renders the chart panel but changes none of these props, so no repaint
export const GanttLabels = memo(function GanttLabels(props: GanttProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { width, rows } = props;
  const size = useCanvasPaint(
    ref,
    width,
    rows.height,
    (ctx) => paintLabels(ctx as unknown as Ctx, { ...props, height: rows.height }),
    false,
  );
  return <canvas ref={ref} className="gantt-labels" {...size} aria-hidden="true" />;
});
