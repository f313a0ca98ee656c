/**
 * Repaints a canvas once per animation frame however many renders ask for it (perfetto's raf
 * scheduler): each render stores the latest paint function; the frame calls it at the device
 * pixel ratio. Returns the size attributes the canvas needs for sharp pixels.
 */
import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';

export function useCanvasPaint(
  ref: RefObject<HTMLCanvasElement | null>,
  width: number,
  height: number,
  paint: (ctx: CanvasRenderingContext2D) => void,
  opaque = true,
) {
  const latest = useRef(paint);
  const frame = useRef(0);
  const dpr = typeof window !== 'undefined' ? window.devicePixelRatio || 1 : 1;
  useLayoutEffect(() => {
    latest.current = paint;
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      // opaque: the compositor then skips blending the canvas with what is under it (a layer
      // drawn over other content, like the SVG view's labels, is not)
      const ctx = ref.current?.getContext('2d', { alpha: !opaque, desynchronized: opaque });
      if (!ctx) return;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      latest.current(ctx);
    });
  });
  // (reset the id too: React's dev-mode remount would otherwise never schedule a paint again)
  useEffect(
    () => () => {
      cancelAnimationFrame(frame.current);
      frame.current = 0;
    },
    [],
  );
  return { width: Math.max(1, Math.round(width * dpr)), height: Math.max(1, Math.round(height * dpr)), style: { width, height } };
}
