/**
 * Visible-window arithmetic for zoom and pan, in timeline units; the keyboard, the toolbar and
 * the URL go through these, d3-zoom through the same clamp. Pure.
 *
 * Clamp (speedscope's flamechart zoom limits): the window never leaves [0, extent] and never
 * gets narrower than `minSpan` = a tenth of the shortest op (or of a piece in the detailed mode), so
 * zooming in stops where the smallest box fills the screen about ten times over — float64 is
 * far from its limits there, and further zoom would show nothing new.
 */
export type Domain = [number, number];

export function minSpanOf(minDuration: number, extent: number): number {
  return Math.max(extent * 1e-7, Math.min(extent, minDuration / 10));
}

/** The window moved/shrunk into [0, extent] and at least minSpan wide. */
export function clampDomain(d: Domain, extent: number, minSpan: number): Domain {
  let span = Math.min(extent, Math.max(minSpan, d[1] - d[0]));
  if (!(span > 0)) span = extent;
  let a = Math.max(0, Math.min(d[0], extent - span));
  if (!Number.isFinite(a)) a = 0;
  return [a, a + span];
}

/** Zoom by `factor` (> 1 zooms in) keeping time `center` at the same px. */
export function zoomAround(d: Domain, factor: number, center: number, extent: number, minSpan: number): Domain {
  const span = d[1] - d[0];
  const next = Math.min(extent, Math.max(minSpan, span / factor));
  const frac = span > 0 ? (center - d[0]) / span : 0.5;
  return clampDomain([center - frac * next, center - frac * next + next], extent, minSpan);
}

/** Pan by a fraction of the window (negative = earlier). */
export function panBy(d: Domain, fraction: number, extent: number, minSpan: number): Domain {
  const dt = (d[1] - d[0]) * fraction;
  return clampDomain([d[0] + dt, d[1] + dt], extent, minSpan);
}

/** null when the window shows everything (so URLs and state say "fit"), else the window. */
export function normalizeDomain(d: Domain, extent: number): Domain | null {
  const tol = extent * 1e-9;
  return d[0] <= tol && d[1] >= extent - tol ? null : d;
}

/** The smallest window move that brings [t0, t1] into view (with a 5% margin), or d itself. */
export function revealInterval(d: Domain, t0: number, t1: number, extent: number, minSpan: number): Domain {
  const span = d[1] - d[0];
  const margin = span * 0.05;
  if (t0 >= d[0] + margin && t1 <= d[1] - margin) return d;
  if (t1 - t0 > span - 2 * margin) return clampDomain([t0 - margin, t0 - margin + span], extent, minSpan);
  const shift = t0 < d[0] + margin ? t0 - margin - d[0] : t1 + margin - d[1];
  return clampDomain([d[0] + shift, d[1] + shift], extent, minSpan);
}
