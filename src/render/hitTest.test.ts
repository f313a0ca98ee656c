import { describe, expect, it } from 'vitest';
import { detailedTimeline, getPreset, withLayers } from '../engine/overlap/index.ts';
import { visibleBubbles, visibleCount, visibleRange } from './cull.ts';
import { hitOp, hitPiece, hitSend } from './hitTest.ts';
import { layoutTimeline } from './layout.ts';
import { timelineOf } from './testing.ts';

// r0: F0 0-1, F1 1-2, B0 4-6, B1 7-9; r1: F0 1-2, B0 2-4, F1 4-5, B1 5-7
const l = layoutTimeline(timelineOf({ schedule: '1f1b', ranks: 2, microbatches: 2 }, { B: 2 }));

describe('hitOp', () => {
  it('finds the op holding t, starts inclusive, ends exclusive', () => {
    expect(hitOp(l, 0, 0.5)).toBe(0);
    expect(hitOp(l, 0, 1)).toBe(1);
    expect(hitOp(l, 1, 4)).toBe(6);
    expect(hitOp(l, 1, 6.99)).toBe(7);
  });
  it('between ops: nothing, or the nearer one within the tolerance', () => {
    expect(hitOp(l, 0, 3)).toBe(-1);
    expect(hitOp(l, 0, 2.4, 1)).toBe(1);
    expect(hitOp(l, 0, 3.7, 1)).toBe(2);
    expect(hitOp(l, 0, 3, 0.5)).toBe(-1);
    expect(hitOp(l, 0, 9.2, 0.5)).toBe(3);
    expect(hitOp(l, 0, -0.1, 0.5)).toBe(0);
    expect(hitOp(l, 5, 1)).toBe(-1);
  });
});

describe('culling', () => {
  it('visibleRange is the ops overlapping the window, touching included', () => {
    expect(visibleRange(l, 0, 0, 100)).toEqual([0, 4]);
    expect(visibleRange(l, 0, 2.5, 3.5)).toEqual([2, 2]);
    expect(visibleRange(l, 1, 2, 2)).toEqual([4, 6]);
    expect(visibleRange(l, 0, 5, 8)).toEqual([2, 4]);
    expect(visibleCount(l, 0, 1.5)).toBe(3);
  });
  it('visibleBubbles', () => {
    expect(visibleBubbles(l, 0, 0, 10)).toEqual([0, 2]);
    expect(visibleBubbles(l, 0, 4.5, 5.5)).toEqual([1, 1]);
    expect(visibleBubbles(l, 0, 6.5, 6.6)).toEqual([1, 2]);
  });
});

describe('detailed pieces', () => {
  const d = detailedTimeline(
    { schedule: 'dualpipe', ranks: 2, microbatches: 4 },
    withLayers(getPreset('deepseek-v3-h800-measured').model, 1),
    20,
  );
  const dl = layoutTimeline(d, d.detail);
  it('hitPiece returns the chunk piece under t', () => {
    const o = dl.rects[0];
    const first = d.detail.chunks.F.streams.compute[0];
    expect(hitPiece(dl, 0, 'compute', o.start + (first.start + first.end) / 2)).toBe(0);
    const comm = d.detail.chunks.F.streams.comm[0];
    expect(hitPiece(dl, 0, 'comm', o.start + (comm.start + comm.end) / 2)).toBe(0);
  });
  it('hitSend finds the op whose PP send covers t', () => {
    const i = dl.rects.findIndex((_, k) => dl.detail!.sends[k] > 0);
    const o = dl.rects[i];
    expect(hitSend(dl, o.rank, o.end + dl.detail!.pp / 2)).toBe(i);
    expect(hitPiece(dl, i, 'pp', o.end + dl.detail!.pp / 2)).toBe(0);
  });
});
