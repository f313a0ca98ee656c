/**
 * Repaints a canvas once per animation frame however many renders ask for it (perfetto's raf
 * scheduler): each render stores the latest paint function; the frame calls it at the device
 * pixel ratio. Returns the size attributes the canvas needs for sharp pixels.
 *
 * The pending frame belongs to the mounted canvas: unmounting cancels it and forgets it, so a
 * remount (React StrictMode mounts, unmounts and mounts again in development; an Activity or a
 * keyed remount does the same) schedules a fresh one. Keeping the cancelled frame's id would make
 * every later render believe a frame is still coming, and the canvas would stay blank.
 */
import { useLayoutEffect, useRef, type RefObject } from 'react';

export function useCanvasPaint(
  ref: RefObject<HTMLCanvasElement | null>,
  width: number,
  height: number,
  paint: (ctx: CanvasRenderingContext2D) => void,
  opaque = true,
) {
  const dpr = typeof window !== 'undefined' ? window.devicePixelRatio || 1 : 1;
  const latest = useRef({ paint, dpr, opaque });
  const frame = useRef(0);
  useLayoutEffect(() => {
    latest.current = { paint, dpr, opaque };
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      const { paint: draw, dpr: ratio, opaque: solid } = latest.current;
      // opaque: the compositor then skips blending the canvas with what is under it (a layer
      // drawn over other content, like the SVG view's labels, is not)
      const ctx = ref.current?.getContext('2d', { alpha: !solid, desynchronized: solid });
      if (!ctx) return;
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      draw(ctx);
    });
  });
  // (reset the id too: React's dev-mode remount would otherwise never schedule a paint again)
  useLayoutEffect(
    () => () => {
      cancelAnimationFrame(frame.current);
      frame.current = 0;
    },
    [],
  );
  return { width: Math.max(1, Math.round(width * dpr)), height: Math.max(1, Math.round(height * dpr)), style: { width, height } };
}
