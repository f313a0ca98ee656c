import { describe, expect, it } from 'vitest';
import { CLEARANCE, MARGIN, clips, placeAway, placeNear, type Rect } from './tooltipPlace.ts';

const area: Rect = { left: 236, top: 36, right: 980, bottom: 800 };
const inside = (p: { left: number; top: number }, w: number, h: number) =>
  p.left >= area.left + MARGIN && p.top >= area.top + MARGIN && p.left + w <= area.right - MARGIN && p.top + h <= area.bottom - MARGIN;
const overlap = (a: Rect, b: Rect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe('placeNear', () => {
  it('right of and below the pointer when there is room', () => {
    expect(placeNear(400, 200, { w: 300, h: 200 }, area)).toEqual({ left: 414, top: 214 });
  });

  it('flips at the visible area’s right edge (not the window’s), and above near its bottom', () => {
    // 14 px right of 800 would end at 1114 > 980: left of the pointer instead
    expect(placeNear(800, 200, { w: 300, h: 200 }, area)).toEqual({ left: 486, top: 214 });
    expect(placeNear(800, 700, { w: 300, h: 200 }, area)).toEqual({ left: 486, top: 486 });
  });

  it('clamps into the area when neither side fits', () => {
    const p = placeNear(600, 400, { w: 700, h: 200 }, area);
    expect(p.left).toBe(area.left + MARGIN);
    expect(inside(p, 700, 200)).toBe(true);
  });
});

describe('placeAway', () => {
  const size = { w: 280, h: 200 };

  it('beside its op, not over it, when nothing else is highlighted', () => {
    const anchor = { left: 500, top: 100, right: 520, bottom: 126 };
    // 8 px right of the op (nearer than 8 px below its 26 px lane)
    expect(placeAway(size, area, anchor, [])).toEqual({ left: 528, top: 100 });
  });

  it('never over the path when there is room, and inside the area', () => {
    // a diagonal path like a micro-batch going down 8 ranks and back up
    const path: Rect[] = [];
    for (let r = 0; r < 8; r++) {
      path.push({ left: 300 + 40 * r, top: 60 + 30 * r, right: 330 + 40 * r, bottom: 86 + 30 * r });
      path.push({ left: 900 - 40 * r, top: 60 + 30 * r, right: 930 - 40 * r, bottom: 86 + 30 * r });
    }
    const anchor = path[9];
    const p = placeAway(size, area, anchor, path);
    const box = { left: p.left, top: p.top, right: p.left + size.w, bottom: p.top + size.h };
    expect(inside(p, size.w, size.h)).toBe(true);
    expect(path.filter((r) => overlap(r, box))).toEqual([]);
  });

  it('keeps clear of the outline drawn around each highlighted op, not only of the op', () => {
    // a 1F1B micro-batch path on a 420 px window: the grid has a spot whose top edge touches the
    // last op's bottom (422), where the op's 1.5 px outline would sit under the card
    const path: Rect[] = [
      [197, 306, 206, 332],
      [285, 306, 303, 332],
      [206, 336, 214, 362],
      [268, 336, 285, 362],
      [214, 366, 223, 392],
      [250, 366, 268, 392],
      [223, 396, 232, 422],
      [232, 396, 250, 422],
    ].map(([left, top, right, bottom]) => ({ left, top, right, bottom }));
    const p = placeAway({ w: 280, h: 198 }, { left: 0, top: 0, right: 420, bottom: 800 }, path[4], path);
    const box = { left: p.left, top: p.top, right: p.left + 280, bottom: p.top + 198 };
    const grown = path.map((r) => ({
      left: r.left - CLEARANCE,
      top: r.top - CLEARANCE,
      right: r.right + CLEARANCE,
      bottom: r.bottom + CLEARANCE,
    }));
    expect(grown.filter((r) => overlap(r, box))).toEqual([]);
  });

  it('covers as little as it must when the path fills the area', () => {
    const small: Rect = { left: 0, top: 0, right: 400, bottom: 300 };
    const path: Rect[] = [{ left: 0, top: 0, right: 400, bottom: 150 }];
    const p = placeAway({ w: 200, h: 150 }, small, path[0], path);
    // as low as the margin lets it: 6 px of the path's 150 covered
    expect(p.top).toBe(300 - MARGIN - 150);
  });
});

describe('clips', () => {
  it('overflow other than visible, or paint containment', () => {
    expect(clips({ overflowX: 'visible', overflowY: 'visible', contain: 'none' })).toBe(false);
    expect(clips({ overflowX: 'visible', overflowY: 'auto', contain: 'none' })).toBe(true);
    expect(clips({ overflowX: 'visible', overflowY: 'visible', contain: 'strict' })).toBe(true);
    expect(clips({ overflowX: 'visible', overflowY: 'visible', contain: 'layout paint' })).toBe(true);
    expect(clips({ overflowX: 'visible', overflowY: 'visible', contain: 'layout' })).toBe(false);
  });
});
