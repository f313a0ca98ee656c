import { describe, expect, it } from 'vitest';
import { describeOp } from './describe.ts';
import { dependencyIndex } from '../engine/index.ts';
import { dependenciesOf, halfLabel, microbatchPath, waitInfo } from './deps.ts';
import { layoutTimeline } from './layout.ts';
import { COST_UNITS } from './scales.ts';
import { timelineOf } from './testing.ts';

// r0: F s0 mb0 0-1, F s3 mb2 1.5-2.5, F s0 mb1 2.5-3.5, B s3 mb2 3.5-5.5, FB s3 mb3|s0 mb0 6-9, B s3 mb3 9-11, I s0 mb1 11.5-12.5, W s0 mb1 12.5-13.5
// r1: F s2 mb2 0-1, F s1 mb0 1.5-2.5, F s2 mb3 2.5-3.5, B s1 mb0 3.5-5.5, FB s1 mb1|s2 mb2 6-9, B s1 mb1 9-11, I s2 mb3 11.5-12.5, W s2 mb3 12.5-13.5
const t = timelineOf({ schedule: 'dualpipe', ranks: 2, microbatches: 4 }, { comm: 0.5 });
const l = layoutTimeline(t);
const prod = dependencyIndex(t.schedule);

describe('waitInfo', () => {
  it('an input from the other rank, plus comm, is what F s3 mb2 waited for', () => {
    const w = waitInfo(l, prod, 1);
    expect(w.bindingRank).toBe(false);
    expect(w.bindingDeps.map((d) => [halfLabel(l.rects[d.op], d.half), d.rank, d.arrival])).toEqual([['F s2 mb2', 1, 1.5]]);
    expect(w.rankFree).toBe(1);
  });
  it('an FB waits for both halves’ inputs; the backward gradient binds here', () => {
    const deps = dependenciesOf(l, prod, 4);
    expect(deps.map((d) => `${d.for}:${halfLabel(l.rects[d.op], l.rects[d.op].kind === 'FB' ? d.half : -1)}@${d.arrival}`)).toEqual([
      '0:F s2 mb3@4',
      '1:F s0 mb0@1',
      '1:B s1 mb0@6',
    ]);
    const w = waitInfo(l, prod, 4);
    expect(w.bindingDeps.map((d) => d.arrival)).toEqual([6]);
    expect(w.bindingRank).toBe(false);
  });
  it('the rank binds when its previous op ends last', () => {
    const w = waitInfo(l, prod, 2); // F s0 mb1 2.5, first stage, rank free at 2.5
    expect(w.deps).toEqual([]);
    expect(w.bindingRank).toBe(true);
    expect(w.prevOp).toBe(1);
  });
  it('W waits for its own I', () => {
    const w = waitInfo(l, prod, 7);
    expect(w.deps.map((d) => halfLabel(l.rects[d.op], -1))).toEqual(['I s0 mb1']);
  });
});

describe('microbatchPath', () => {
  it('micro-batch 0 goes r0 → r1 forward and back, FB backward half included', () => {
    const p = microbatchPath(prod, 0);
    expect(p.members.map((m) => `${m.op}.${m.half}`).sort()).toEqual(['0.0', '11.0', '4.1', '9.0']);
    expect(p.arrows.map((a) => `${a.from.op}.${a.from.half}->${a.to.op}.${a.to.half}`).sort()).toEqual(['0.0->9.0', '11.0->4.1']);
  });
  it('every DualPipe micro-batch visits 2 stage ops per pipeline stage (F and its backward)', () => {
    const pb = dependencyIndex(timelineOf({ schedule: 'dualpipe', ranks: 8, microbatches: 20 }).schedule);
    for (const mb of [0, 9, 10, 19]) {
      const p = microbatchPath(pb, mb);
      const halves = p.members.length;
      // F + (B or I + W) per stage: at least 2 per stage, 8 stages per direction
      expect(halves).toBeGreaterThanOrEqual(16);
      expect(p.arrows).toHaveLength(14); // 7 forward hops + 7 backward hops
    }
  });
});

describe('describeOp', () => {
  it('names kind, ids, times and the binding wait first', () => {
    const d = describeOp(l, prod, COST_UNITS, 4, 1, 'compute', -1);
    expect(d.title).toBe('F&B · overlapped forward + backward — backward half');
    expect(d.rows).toEqual([
      ['rank', '0'],
      ['forward', 'stage 3, micro-batch 3 (reverse direction)'],
      ['backward', 'stage 0, micro-batch 0 (forward direction)'],
      ['start', '6'],
      ['end', '9'],
      ['duration', '3'],
    ]);
    expect(d.waits[0]).toEqual({ text: 'B s1 mb0 (rank 1, +0.5 transfer) ready at 6', binding: true });
    expect(d.waits.slice(1).map((w) => w.binding)).toEqual([false, false, false]);
    expect(describeOp(l, prod, COST_UNITS, 0, -1, 'compute', -1).waits[0].text).toBe('nothing: first op of the pipeline');
  });
});
