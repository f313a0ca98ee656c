/**
 * The chart geometry (geometry.ts → shapes.ts), hand-computed on 1F1B P=2 M=2 (B=2) at 100 px per
 * unit (r0: F0 0-1, F1 1-2, B0 4-6, B1 7-9; r1: F0 1-2, B0 2-4, F1 4-5, B1 5-7; rows at y 4 and
 * 34, 26 px high) and DualPipe P=2 M=4 (rank 0's F&B pair at 6-9: forward s3 mb3 reverse
 * direction, backward s0 mb0).
 */
import { describe, expect, it } from 'vitest';
import { dependencyIndex } from '../engine/index.ts';
import { microbatchPath } from './deps.ts';
import { chartShapes, selectionOf, type ChartView } from './geometry.ts';
import { layoutTimeline, type Layout } from './layout.ts';
import { getPalette } from './palette.ts';
import { rowLayout } from './rows.ts';
import { timeScale } from './scales.ts';
import { BAND, ROLE, arrowPath, box, outlinePx, rectPx, type ShapeBuffer } from './shapes.ts';
import { timelineOf } from './testing.ts';

const pal = getPalette('cb', 'light');
const plain = layoutTimeline(timelineOf({ schedule: '1f1b', ranks: 2, microbatches: 2 }, { B: 2 }));
const dualTimeline = timelineOf({ schedule: 'dualpipe', ranks: 2, microbatches: 4 }, { comm: 0.5 });
const dual = layoutTimeline(dualTimeline);
const dualIndex = dependencyIndex(dualTimeline.schedule);

function view(layout: Layout, width: number, over: Partial<ChartView> = {}): ChartView {
  return {
    layout,
    rows: rowLayout(layout.ranks, false),
    x: timeScale([0, layout.makespan], width),
    palette: pal,
    selection: null,
    ...over,
  };
}

const rects = (s: ShapeBuffer, from = 0, to = s.n) =>
  Array.from({ length: to - from }, (_, j) => {
    const k = from + j;
    return {
      role: s.role[k],
      band: s.band[k],
      rank: s.rank[k],
      t0: s.t0[k],
      t1: s.t1[k],
      op: s.op[k],
      sub: s.sub[k],
      dim: s.dim[k],
      fill: s.fill[k],
    };
  });

describe('chartShapes', () => {
  it('bubbles, then one box per op in rank and execution order, in time units; labels that fit', () => {
    const v = view(plain, 64 + 64 + 900);
    const s = chartShapes(v);
    expect([s.opsFrom, s.streamsFrom, s.n, s.walked]).toEqual([2, 10, 10, 8]);
    expect(rects(s, 0, 2).map((r) => [r.role, r.rank, r.t0, r.t1])).toEqual([
      [ROLE.bubble, 0, 2, 4],
      [ROLE.bubble, 0, 6, 7],
    ]);
    const ops = rects(s, 2);
    expect(ops.map((r) => [r.op, r.t0, r.t1])).toEqual(plain.rects.map((o, i) => [i, o.start, o.end]));
    expect(ops.every((r) => r.role === ROLE.op && r.band === BAND.compute && r.dim === 0)).toBe(true);
    expect(ops.map((r) => r.fill)).toEqual(plain.rects.map((o) => pal.fill[o.kind as 'F' | 'B'][0]));
    expect(Array.from({ length: s.labels }, (_, j) => [s.labelText[j], s.op[s.labelRect[j]]])).toEqual(
      plain.rects.map((o, i) => [String(o.microbatch), i]),
    );
    // px: r0 B0 (4-6) at x = 64 + 400, 200 px less the 1 px gap; the label at its centre
    const b = rectPx(s, 2 + 2, v.x, v.rows, box());
    expect([b.x, b.y, b.w, b.h]).toEqual([464, 4, 199, 26]);
  });

  it('culls to the window: the ops overlapping it; a label only where the box has room', () => {
    // 10 px per unit: r0's B0 spans the window (and 2 px past each edge), r1's F1 and B1 get 5 px each
    const s = chartShapes({ ...view(plain, 64 + 64 + 10), x: timeScale([4.5, 5.5], 64 + 64 + 10) });
    expect(rects(s, s.opsFrom).map((r) => r.op)).toEqual([2, 6, 7]);
    expect(Array.from({ length: s.labels }, (_, j) => s.op[s.labelRect[j]])).toEqual([2]);
  });

  it('an F&B pair: two halves (forward on top) with their own direction tint and label, and the pair border', () => {
    const s = chartShapes(view(dual, 64 + 64 + 1200));
    const fb = rects(s, s.opsFrom).filter((r) => r.op === 4);
    expect(fb.map((r) => [r.role, r.band, r.sub, r.fill])).toEqual([
      [ROLE.op, BAND.top, 0, pal.fill.F[1]], // forward of stage 3: the reverse direction, lighter
      [ROLE.op, BAND.bottom, 1, pal.fill.B[0]],
      [ROLE.border, BAND.compute, -1, pal.pairBorder],
    ]);
    const labels = Array.from({ length: s.labels }, (_, j) => [s.labelText[j], s.sub[s.labelRect[j]]]).filter(
      (_, j) => s.op[s.labelRect[j]] === 4,
    );
    expect(labels).toEqual([
      ['3', 0],
      ['0', 1],
    ]);
  });

  it('a highlighted micro-batch: its halves full, the rest dimmed; arrows from producer end to consumer start', () => {
    const mb = 0;
    const selection = selectionOf(dual, mb, microbatchPath(dualIndex, mb))!;
    const v = view(dual, 64 + 64 + 1200, { selection });
    const s = chartShapes(v);
    for (const r of rects(s, s.opsFrom)) {
      const on = r.role === ROLE.border ? selection.halves[r.op] !== 0 : (selection.halves[r.op] >> Math.max(0, r.sub)) & 1;
      expect(r.dim, `op ${r.op} half ${r.sub}`).toBe(on ? 0 : 1);
    }
    expect(s.arrows.length).toBe(selection.path.arrows.length);
    expect(s.arrows.length).toBeGreaterThan(0);
    for (const a of s.arrows) {
      expect(a.t0).toBe(dual.buf.end[a.from]);
      expect(a.t1).toBe(dual.buf.start[a.to]);
      expect(a.rank0).not.toBe(a.rank1);
    }
    expect(s.outlines).toEqual(selection.path.members.map((m) => m.op));
    expect(selectionOf(dual, 99, microbatchPath(dualIndex, 99))).toBeNull();
  });

  it('merging (canvas): P=64/M=512 fully zoomed out is far fewer boxes, every op still covered', () => {
    const big = layoutTimeline(timelineOf({ schedule: 'dualpipe', ranks: 64, microbatches: 512 }));
    const v = view(big, 1000);
    const merged = chartShapes({ ...v, merge: true });
    const every = chartShapes(v);
    expect(rects(every, every.opsFrom).filter((r) => r.role !== ROLE.border).length).toBe(
      big.rects.reduce((n, o) => n + (o.kind === 'FB' ? 2 : 1), 0),
    );
    expect(merged.n - merged.opsFrom).toBeLessThan((every.n - every.opsFrom) / 3);
    // every op's time is covered by a box of its rank
    for (let i = 0; i < big.rects.length; i += 997) {
      const o = big.rects[i];
      const covered = rects(merged, merged.opsFrom).some((r) => r.rank === o.rank && r.t0 <= o.start && r.t1 >= o.end);
      expect(covered, `op ${i}`).toBe(true);
    }
  });
});

describe('px rules (shapes.ts)', () => {
  const v = view(dual, 64 + 64 + 1200);
  const s = chartShapes(v);
  const k = (role: number, op: number, sub = 0) =>
    Array.from({ length: s.n }, (_, j) => j).find((j) => s.role[j] === role && s.op[j] === op && s.sub[j] === sub)!;
  it('F&B halves split the lane; the border sits inside the box on the half-pixel grid', () => {
    const lane = v.rows.rows[0].compute;
    const top = rectPx(s, k(ROLE.op, 4, 0), v.x, v.rows, box());
    const bottom = rectPx(s, k(ROLE.op, 4, 1), v.x, v.rows, box());
    const border = rectPx(s, k(ROLE.border, 4, -1), v.x, v.rows, box());
    expect([top.y, top.h, bottom.y, bottom.h]).toEqual([lane.y, lane.h / 2, lane.y + lane.h / 2, lane.h / 2]);
    expect([border.x - top.x, border.y - lane.y, border.w - top.w, border.h - lane.h]).toEqual([0.5, 0.5, -1, -1]);
  });
  it('outlines hug the op 1.5 px out, clamped to the plot; arrows are cubic curves between half centres', () => {
    const o = outlinePx(6, 9, 0, v.x, v.rows)!;
    expect([o.x, o.w]).toEqual([v.x.px(6) - 1.5, v.x.px(9) - v.x.px(6) + 3]);
    expect(outlinePx(-5, -1, 0, v.x, v.rows)).toBeNull();
    const d = arrowPath({ t0: 1, t1: 2, rank0: 0, rank1: 1, band0: BAND.compute, band1: BAND.top, from: 0, to: 1 }, v.x, v.rows, box());
    const lane1 = v.rows.rows[1].compute;
    const [x1, x2] = [v.x.px(1), v.x.px(2)];
    const r = (n: number) => Math.round(n * 1000) / 1000;
    const dx = Math.max(6, (x2 - x1) / 2);
    expect(d).toBe(`M${r(x1)},17 C${r(x1 + dx)},17 ${r(x2 - dx)},${r(lane1.y + lane1.h / 4)} ${r(x2)},${r(lane1.y + lane1.h / 4)}`);
  });
});
