import { describe, expect, it } from 'vitest';
import { buildReport } from '../engine/index.ts';
import { detailedTimeline, getPreset, withLayers } from '../engine/overlap/index.ts';
import { computeMetrics } from '../engine/metrics.ts';
import { layoutTimeline } from './layout.ts';
import { timelineOf } from './testing.ts';

describe('layoutTimeline', () => {
  it('1F1B P=2 M=2: one rect per op, rank-major, bubbles between ops', () => {
    const l = layoutTimeline(timelineOf({ schedule: '1f1b', ranks: 2, microbatches: 2 }, { B: 2 }));
    expect(l.rects).toHaveLength(8);
    expect([...l.rankStart]).toEqual([0, 4, 8]);
    expect(l.makespan).toBe(9);
    expect(l.rects.map((o) => `${o.rank}${o.kind}${o.microbatch}@${o.start}`).join(' ')).toBe(
      '0F0@0 0F1@1 0B0@4 0B1@7 1F0@1 1B0@2 1F1@4 1B1@5',
    );
    expect([...l.bubbles[0]]).toEqual([2, 4, 6, 7]);
    expect([...l.bubbles[1]]).toEqual([]);
  });

  it('carries the timeline’s facts the views need: DualPipe or not, comm latency, shortest op', () => {
    const plain = layoutTimeline(timelineOf({ schedule: '1f1b', ranks: 2, microbatches: 2 }, { B: 2 }));
    expect([plain.dual, plain.comm, plain.minDuration, plain.microbatches]).toEqual([false, 0, 1, 2]);
    const dual = layoutTimeline(timelineOf({ schedule: 'dualpipe', ranks: 2, microbatches: 4 }, { F: 0.5, comm: 0.25 }));
    expect([dual.dual, dual.comm, dual.minDuration, dual.microbatches]).toEqual([true, 0.25, 0.5, 4]);
  });

  it('DualPipe P=2 M=4: FB halves, directions, columnar copy', () => {
    const l = layoutTimeline(timelineOf({ schedule: 'dualpipe', ranks: 2, microbatches: 4 }, { comm: 0.5 }));
    const fb = l.rects[4];
    expect(fb).toMatchObject({
      rank: 0,
      kind: 'FB',
      stage: 3,
      microbatch: 3,
      backwardStage: 0,
      backwardMicrobatch: 0,
      direction: 1,
      backwardDirection: 0,
      start: 6,
      end: 9,
    });
    expect([l.buf.kind[4], l.buf.mb[4], l.buf.bmb[4], l.buf.dir[4], l.buf.bdir[4]]).toEqual([4, 3, 0, 1, 0]);
    // a simple op: no backward half, both direction columns equal its own
    expect([l.buf.kind[0], l.buf.bmb[0], l.buf.dir[0], l.buf.bdir[0]]).toEqual([0, -1, l.rects[0].direction, l.rects[0].direction]);
    // the columns hold the rects' numbers, index for index
    l.rects.forEach((o, i) =>
      expect([l.buf.start[i], l.buf.end[i], l.buf.rank[i], l.buf.mb[i]]).toEqual([o.start, o.end, o.rank, o.microbatch]),
    );
  });

  it('per-rank idle intervals sum to the engine bubble, and counts by kind match the CLI report', () => {
    for (const [schedule, P, M] of [
      ['dualpipe', 8, 20],
      ['zb-h1', 4, 8],
      ['interleaved-1f1b', 4, 8],
      ['v-half', 4, 8],
    ] as const) {
      const t = timelineOf({ schedule, ranks: P, microbatches: M }, { comm: 0.25 });
      const l = layoutTimeline(t);
      const m = computeMetrics(t);
      l.bubbles.forEach((b, r) => {
        let idle = 0;
        for (let k = 0; k < b.length; k += 2) idle += b[k + 1] - b[k];
        expect(idle).toBeCloseTo(m.bubble[r], 9);
      });
      const report = buildReport(t);
      for (const { rank, ops } of report.timeline) {
        for (const kind of ['F', 'B', 'I', 'W', 'FB']) {
          expect(l.rects.filter((o) => o.rank === rank && o.kind === kind).length).toBe(ops.filter((o) => o.kind === kind).length);
        }
      }
    }
  });

  it('start and end never decrease within a rank (the binary searches rely on it)', () => {
    const l = layoutTimeline(timelineOf({ schedule: 'dualpipe', ranks: 16, microbatches: 64 }, { comm: 0.3, W: 0 }));
    for (let r = 0; r < l.ranks; r++) {
      for (let i = l.rankStart[r] + 1; i < l.rankStart[r + 1]; i++) {
        expect(l.buf.start[i]).toBeGreaterThanOrEqual(l.buf.start[i - 1]);
        expect(l.buf.end[i]).toBeGreaterThanOrEqual(l.buf.end[i - 1]);
      }
    }
  });

  it('detailed mode: per-rank stream metrics and PP sends equal the engine expansion', () => {
    const model = withLayers(getPreset('deepseek-v3-h800-measured').model, 2);
    const d = detailedTimeline({ schedule: 'dualpipe', ranks: 4, microbatches: 8 }, model, 20);
    const l = layoutTimeline(d, d.detail);
    expect(l.detail!.pp).toBeCloseTo(d.detail.costs.comm, 9);
    l.detail!.rankMetrics.forEach((m, r) => {
      expect(m.computeBusy).toBeCloseTo(d.rankMetrics[r].computeBusy, 6);
      expect(m.commBusy).toBeCloseTo(d.rankMetrics[r].commBusy, 6);
      expect(m.ppBusy).toBeCloseTo(d.rankMetrics[r].ppBusy, 6);
      expect(m.exposedComm).toBeCloseTo(d.rankMetrics[r].exposedComm, 6);
    });
    // one PP piece per set bit, at the op's end
    const sends = d.pieces.map((s) => s.pp.length);
    expect(
      l.rects.reduce(
        (n, o, i) => {
          n[o.rank] += (l.detail!.sends[i] & 1) + ((l.detail!.sends[i] >> 1) & 1);
          return n;
        },
        [0, 0, 0, 0],
      ),
    ).toEqual(sends);
  });
});
