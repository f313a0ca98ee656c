/**
 * The one d3-zoom binding (docs/style.md C.2): attached once to the chart viewport, x only. The store's
 * visible window is the truth; d3-zoom's transform is re-derived from it whenever it or the
 * geometry changes (keyboard, toolbar, URL, resize), and d3's gestures write back a new window.
 *
 * Coordinates: the base scale maps [0, extent] (timeline units) onto the plot's px range
 * [x0, x1]; a window [d0, d1] is the transform k = extent / (d1 − d0), tx = x0 − k·base(d0).
 * Wheel zooms at the pointer, drag pans, a horizontal wheel (trackpad) or Shift+wheel pans;
 * double-click is left to op selection.
 */
import { scaleLinear, select, zoom, zoomIdentity, zoomTransform, type D3ZoomEvent, type ZoomBehavior } from 'd3';
import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import { clampDomain, normalizeDomain, panBy, type Domain } from '../render/zoomMath.ts';

export interface ZoomGeometry {
  /** timeline length, timeline units */
  extent: number;
  minSpan: number;
  /** plot px range */
  x0: number;
  x1: number;
}

export function useZoom(
  ref: RefObject<HTMLElement | null>,
  geom: ZoomGeometry,
  domain: Domain,
  onDomain: (d: Domain | null) => void,
): void {
  const latest = useRef({ geom, domain, onDomain });
  const behavior = useRef<ZoomBehavior<HTMLElement, unknown> | null>(null);
  useLayoutEffect(() => {
    latest.current = { geom, domain, onDomain };
  });

  /** Re-derives d3-zoom's transform and limits from the store's window and the geometry. */
  const sync = () => {
    const z = behavior.current;
    const el = ref.current;
    if (!z || !el) return;
    const { geom: g, domain: d } = latest.current;
    const span = Math.max(g.x1 - g.x0, 1);
    z.extent([
      [g.x0, 0],
      [g.x0 + span, 1],
    ])
      .scaleExtent([1, Math.max(1, g.extent / g.minSpan)])
      .translateExtent([
        [g.x0, -Infinity],
        [g.x0 + span, Infinity],
      ]);
    const k = g.extent / (d[1] - d[0]);
    const t = zoomIdentity.translate(g.x0 - k * (g.x0 + (d[0] * span) / g.extent), 0).scale(k);
    const cur = zoomTransform(el);
    if (Math.abs(cur.k - t.k) > 1e-9 * t.k || Math.abs(cur.x - t.x) > 1e-6) select(el).call(z.transform, t);
  };

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const z = zoom<HTMLElement, unknown>()
      .filter((e: Event) => {
        if (e.type === 'wheel') {
          const w = e as WheelEvent;
          return !w.shiftKey && Math.abs(w.deltaY) >= Math.abs(w.deltaX);
        }
        const m = e as MouseEvent;
        // form controls and links inside the viewport keep their own clicks
        return !m.ctrlKey && !m.button && !(m.target as Element | null)?.closest?.('button, input, select, a, [data-no-zoom]');
      })
      .on('zoom', (e: D3ZoomEvent<HTMLElement, unknown>) => {
        if (!e.sourceEvent) return; // our own sync below
        const { geom: g, onDomain: set } = latest.current;
        const base = scaleLinear().domain([0, g.extent]).range([g.x0, g.x1]);
        const d = e.transform.rescaleX(base).domain() as Domain;
        set(normalizeDomain(clampDomain(d, g.extent, g.minSpan), g.extent));
      });
    select(el).call(z).on('dblclick.zoom', null);
    behavior.current = z;
    // the window may already be zoomed (a link with t0/t1): start gestures from it
    sync();
    const onWheel = (e: WheelEvent) => {
      if (!(e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY))) return;
      e.preventDefault();
      const { geom: g, domain: d, onDomain: set } = latest.current;
      const delta = e.shiftKey && e.deltaX === 0 ? e.deltaY : e.deltaX;
      set(normalizeDomain(panBy(d, delta / Math.max(1, g.x1 - g.x0), g.extent, g.minSpan), g.extent));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      select(el).on('.zoom', null);
      el.removeEventListener('wheel', onWheel);
      behavior.current = null;
    };
  }, [ref]);

  useLayoutEffect(() => sync(), [ref, geom.extent, geom.minSpan, geom.x0, geom.x1, domain[0], domain[1]]);
}
