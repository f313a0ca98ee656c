/**
 * Content width of an element in CSS px from a ResizeObserver only: unlike reading
 * getBoundingClientRect on mount, it never forces a synchronous layout, which on a page with a
 * large chart costs tens of ms of main thread right when the FP8 results arrive.
 */
import { useEffect, useState, type RefObject } from 'react';

export function useWidth(ref: RefObject<HTMLElement | null>, fallback: number): number {
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver((entries) => {
      const w = Math.floor(entries[entries.length - 1]!.contentRect.width);
      setWidth((prev) => (prev === w || w <= 0 ? prev : w));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return width;
}
