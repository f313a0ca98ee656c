/**
 * Where the op tooltip and the pinned op card go, in client px. Pure (the component measures).
 *
 * - placeNear: the hover tooltip beside the pointer, flipped to the other side when it would
 *   leave the visible area (visx TooltipWithBounds), then clamped into it.
 * - placeAway: the pinned card at the spot of the visible area that covers the least of the
 *   highlighted ops (ideally none), nearest the op it describes among equals.
 * - visibleBox: the part of an element's box no ancestor clips (overflow, paint containment) and
 *   the window shows — the chart column scrolls and clips, so "inside the window" is not enough.
 */

export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface Size {
  w: number;
  h: number;
}

/** Distance kept from the visible area's edges, px. */
export const MARGIN = 6;

/** Space kept around every op the card avoids, px: more than the path outline's outset (1.5 px). */
export const CLEARANCE = 4;

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(Math.max(lo, hi), v));

function inset(r: Rect, d: number): Rect {
  return { left: r.left + d, top: r.top + d, right: r.right - d, bottom: r.bottom - d };
}

/** Top-left of a box of `size` beside the point (x, y), `gap` px away, kept inside `area`. */
export function placeNear(x: number, y: number, size: Size, area: Rect, gap = 14): { left: number; top: number } {
  const a = inset(area, MARGIN);
  let left = x + gap;
  if (left + size.w > a.right) left = x - gap - size.w;
  let top = y + gap;
  if (top + size.h > a.bottom) top = y - gap - size.h;
  return { left: clamp(left, a.left, a.right - size.w), top: clamp(top, a.top, a.bottom - size.h) };
}

function overlapArea(a: Rect, b: Rect): number {
  const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
  const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Top-left of a box of `size` inside `area` covering as little of `avoid` as possible: the
 * spots beside the anchor first, then a grid over the area; among spots that cover equally
 * little, the one closest to the anchor.
 */
export function placeAway(size: Size, area: Rect, anchor: Rect, avoid: readonly Rect[], gap = 8): { left: number; top: number } {
  const a = inset(area, MARGIN);
  const maxLeft = a.right - size.w;
  const maxTop = a.bottom - size.h;
  const spots: [number, number][] = [
    [anchor.left, anchor.bottom + gap],
    [anchor.left, anchor.top - gap - size.h],
    [anchor.right + gap, anchor.top],
    [anchor.left - gap - size.w, anchor.top],
    [anchor.right - size.w, anchor.bottom + gap],
    [anchor.right - size.w, anchor.top - gap - size.h],
  ];
  const step = 16;
  for (let t = a.top; t <= maxTop + step; t += step) for (let l = a.left; l <= maxLeft + step; l += step) spots.push([l, t]);
  const ax = (anchor.left + anchor.right) / 2;
  const ay = (anchor.top + anchor.bottom) / 2;
  let best = { left: clamp(spots[0][0], a.left, maxLeft), top: clamp(spots[0][1], a.top, maxTop) };
  let bestCost = Infinity;
  let bestDist = Infinity;
  for (const [l0, t0] of spots) {
    const left = clamp(l0, a.left, maxLeft);
    const top = clamp(t0, a.top, maxTop);
    const box = { left, top, right: left + size.w, bottom: top + size.h };
    // the highlight's outline is drawn outside the op's box: a card flush against an op still covers it
    let cost = overlapArea(box, inset(anchor, -CLEARANCE));
    for (const r of avoid) cost += overlapArea(box, inset(r, -CLEARANCE));
    const dist = Math.hypot(Math.max(box.left - ax, 0, ax - box.right), Math.max(box.top - ay, 0, ay - box.bottom));
    if (cost < bestCost || (cost === bestCost && dist < bestDist)) {
      best = { left, top };
      bestCost = cost;
      bestDist = dist;
    }
  }
  return best;
}

/** Whether a computed style clips its content (overflow other than visible, or paint containment). */
export function clips(style: { overflowX: string; overflowY: string; contain: string }): boolean {
  return style.overflowX !== 'visible' || style.overflowY !== 'visible' || /\b(paint|strict|content)\b/.test(style.contain);
}

/** The window's box intersected with every clipping ancestor's inner box. */
export function visibleBox(
  el: Element,
  view: { innerWidth: number; innerHeight: number },
  styleOf: (e: Element) => CSSStyleDeclaration,
): Rect {
  let r: Rect = { left: 0, top: 0, right: view.innerWidth, bottom: view.innerHeight };
  for (let p = el.parentElement; p && p !== document.documentElement; p = p.parentElement) {
    if (!clips(styleOf(p))) continue;
    const b = p.getBoundingClientRect();
    // the inner box: borders and scroll bars do not show content
    const left = b.left + p.clientLeft;
    const top = b.top + p.clientTop;
    r = {
      left: Math.max(r.left, left),
      top: Math.max(r.top, top),
      right: Math.min(r.right, left + p.clientWidth),
      bottom: Math.min(r.bottom, top + p.clientHeight),
    };
  }
  return r;
}
