/**
 * Canvas view of one chart, for windows with more ops than SVG can redraw per frame. Paints the
 * same layout, rows and scale through render/canvasPainter.ts, once per animation frame however
 * many updates arrive in it (perfetto's raf scheduler), at the device pixel ratio.
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import { appHook } from '../hooks/appHook.ts';
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

export function GanttCanvas(props: GanttProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const latest = useRef(props);
  const frame = useRef(0);
  const pattern = useRef<{ pal: Palette; fill: CanvasPattern | null } | null>(null);
  const dpr = typeof window !== 'undefined' ? window.devicePixelRatio || 1 : 1;
  const { width, rows, testid, label } = props;

  useLayoutEffect(() => {
    latest.current = props;
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      const canvas = ref.current;
      const ctx = canvas?.getContext('2d');
      if (!canvas || !ctx) return;
      const p = latest.current;
      if (pattern.current?.pal !== p.palette) pattern.current = { pal: p.palette, fill: hatch(p.palette) };
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      paintChart(ctx as unknown as Ctx, { ...p, height: p.rows.height, showBubbles: true, bubbleHatch: pattern.current.fill ?? undefined });
      const hook = appHook();
      if (hook) hook.paints++;
    });
  });
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  return (
    <canvas
      ref={ref}
      data-testid={`${testid}-canvas`}
      className="gantt-canvas"
      width={Math.max(1, Math.round(width * dpr))}
      height={Math.max(1, Math.round(rows.height * dpr))}
      style={{ width, height: rows.height }}
      role="img"
      aria-label={label}
    />
  );
}
