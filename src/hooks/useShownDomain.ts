/**
 * The time window a chart shows (timeline units): the stored zoom window clamped to the timeline
 * and its narrowest span, or the whole timeline; and zooming by a factor about the window's middle
 * (render/zoomMath.ts does the math). Shared by the schedule view and the measured run page.
 */
import { useMemo } from 'react';
import { clampDomain, normalizeDomain, zoomAround, type Domain } from '../render/zoomMath.ts';

export function useShownDomain(
  stored: Domain | null,
  extent: number,
  minSpan: number,
  setStored: (d: Domain | null) => void,
): { domain: Domain; zoomBy: (factor: number) => void } {
  const d0 = stored?.[0];
  const d1 = stored?.[1];
  const domain = useMemo<Domain>(
    () => (d0 !== undefined && d1 !== undefined ? clampDomain([d0, d1], extent, minSpan) : [0, extent]),
    [d0, d1, extent, minSpan],
  );
  const zoomBy = (factor: number) =>
    setStored(normalizeDomain(zoomAround(domain, factor, (domain[0] + domain[1]) / 2, extent, minSpan), extent));
  return { domain, zoomBy };
}
