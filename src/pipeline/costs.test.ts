/**
 * The cost panel's pure parts: pasted spreadsheet ranges, the uneven-layers fill, the chunk-cost
 * lines, the memory limit against a timeline, and the memory–bubble sweep.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { activationSteps, activationRule } from '../engine/index.ts';
import { DEFAULT_PARAMS, type Params } from '../store/params.ts';
import { columnsText, formatTable, parseStageTable } from '../store/stageTable.ts';
import { chunkCostsOf, fractionText } from './chunkCosts.ts';
import { parseLayers, parsePastedTable, rawColumns, unevenLayersTable } from './costTableInput.ts';
import { aliveAfterAllocation, overLimitOps } from '../render/overLimit.ts';
import { isSlowBuild, memorySweep, sweepLimits } from './memorySweep.ts';
import { runEngine, type EngineOk } from './runEngine.ts';

const ok = (p: Params): EngineOk => {
  const r = runEngine(p);
  if (!r.ok) throw new Error(r.error);
  return r;
};

describe('pasting a spreadsheet range', () => {
  it('tab separated with a header, stage column ignored, empty columns left out', () => {
    const file = parsePastedTable('stage\tF\tI\tW\tmem F\tF&B\n0\t1\t1.5\t0.5\t2\t\n1\t2\t2\t1\t3\t\n');
    expect(file).toEqual({ F: [1, 2], I: [1.5, 2], W: [0.5, 1], memory: { F: [2, 3] } });
  });

  it('comma separated without a header: F, I, W, B… in order', () => {
    expect(parsePastedTable('1,1,1\r\n2,2,2\r\n')).toEqual({ F: [1, 2], I: [1, 2], W: [1, 2] });
  });

  it('names the first bad cell or column', () => {
    expect(() => parsePastedTable('F,I\n1,x\n')).toThrow('row 1, column I: "x" is not a number');
    expect(() => parsePastedTable('F,Q\n1,2\n')).toThrow(/unknown column "Q"/);
    expect(() => parsePastedTable('\n\n')).toThrow(/nothing to paste/);
    expect(() => parsePastedTable('F,I\n')).toThrow(/header but no rows/);
  });

  it('whatever parses gives table text that parses back to the same columns', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 20 }),
        (rows) => {
          const file = parsePastedTable(rows.map((r) => r.join('\t')).join('\n'));
          const text = formatTable(file);
          const back = parseStageTable(text);
          expect(back).toEqual({ ok: true, value: text });
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('uneven layers', () => {
  it('costs ∝ layers with the embedding on the first row and the head on the last, mean = the scalars', () => {
    const file = unevenLayersTable({ layers: [3, 4, 4, 3], embedding: 1, head: 3, F: 2, I: 2, W: 1 });
    // work 4, 4, 4, 6: mean 4.5
    expect(file.F).toEqual([1.77778, 1.77778, 1.77778, 2.66667]);
    expect(file.W).toEqual([0.888889, 0.888889, 0.888889, 1.33333]);
    expect(file.memory?.F).toEqual([0.888889, 0.888889, 0.888889, 1.33333]);
    expect(parseLayers('3, 4 4;3')).toEqual([3, 4, 4, 3]);
    expect(() => parseLayers('3,-1')).toThrow(/entry 2/);
    expect(() => unevenLayersTable({ layers: [0, 0], embedding: 0, head: 0, F: 1, I: 1, W: 1 })).toThrow(/zero work/);
  });

  it('a heavy last share slows the pipeline in the app', () => {
    const even = ok({ ...DEFAULT_PARAMS, schedule: '1f1b', ranks: 4, microbatches: 8 });
    const table = formatTable(unevenLayersTable({ layers: [4, 4, 4, 4], embedding: 0, head: 4, F: 1, I: 1, W: 1 }));
    const heavy = ok({ ...DEFAULT_PARAMS, schedule: '1f1b', ranks: 4, microbatches: 8, stageCosts: table });
    expect(heavy.metrics.makespan).toBeGreaterThan(even.metrics.makespan);
    expect(heavy.closed).toBeNull();
  });

  it('raw cells round trip through the editor text', () => {
    const cols = rawColumns('F:1,abc,3;mW:-1');
    expect(cols).toEqual({ F: ['1', 'abc', '3'], mW: ['-1'] });
    expect(columnsText({ ...cols, I: ['2', '2', '2'] })).toBe('F:1,abc,3;I:2,2,2;mW:-1');
  });
});

describe('chunk costs', () => {
  it('the share basis halves V chunks and splits Seq1F1B ops; the stage basis is as typed', () => {
    const p = { ...DEFAULT_PARAMS, ranks: 4, microbatches: 8 };
    expect(chunkCostsOf({ ...p, schedule: 'zb-v' }, 'zb-v')).toMatchObject({
      chunksPerRank: 2,
      opShare: 0.5,
      range: { F: [0.5, 0.5], FB: [1.5, 1.5] },
    });
    expect(chunkCostsOf({ ...p, schedule: 'seq1f1b', seqSplits: 4 }, 'seq1f1b')).toMatchObject({
      opShare: 0.25,
      range: { F: [0.25, 0.25] },
    });
    expect(chunkCostsOf({ ...p, schedule: 'zb-v', basis: 'stage' }, 'zb-v')).toMatchObject({ opShare: 1, range: { F: [1, 1] } });
    expect(chunkCostsOf({ ...p, schedule: 'zb-v', stageCosts: 'F:1,2,3,4' }, 'zb-v')).toMatchObject({
      perStage: true,
      range: { F: [0.5, 2] },
    });
    expect([fractionText(0.5), fractionText(0.25), fractionText(1)]).toEqual(['half a share', '1/4 of a share', 'a whole share']);
  });
});

describe('memory limit', () => {
  it('alive after each allocation peaks where the strip peaks; ops over the limit are those above it', () => {
    for (const schedule of ['1f1b', 'zb-v', 'dualpipe', 'seq1f1b'] as const) {
      const r = ok({ ...DEFAULT_PARAMS, schedule, ranks: 4, microbatches: 8 });
      const alive = aliveAfterAllocation(r.timeline, r.layout);
      const rule = activationRule(r.timeline);
      r.timeline.ops.forEach((ops, rank) => {
        const steps = activationSteps(ops, rule);
        let peak = 0;
        for (let k = 1; k < steps.length; k += 2) peak = Math.max(peak, steps[k]!);
        let most = 0;
        for (let i = r.layout.rankStart[rank]!; i < r.layout.rankStart[rank + 1]!; i++) if (alive[i]! > most) most = alive[i]!;
        expect(most).toBeCloseTo(peak, 9);
      });
      const all = (limit: number) => Array.from({ length: r.layout.ranks }, () => limit);
      const limit = Math.max(...r.metrics.peakActivations) - 0.5;
      const over = overLimitOps(r.timeline, r.layout, all(limit));
      expect(over.length).toBeGreaterThan(0);
      expect(over.every((i) => alive[i]! > limit)).toBe(true);
      expect(overLimitOps(r.timeline, r.layout, all(Math.max(...r.metrics.peakActivations)))).toEqual([]);
      expect(overLimitOps(r.timeline, r.layout, null)).toEqual([]);
      // a limit per rank: rank 0 held to its own peak minus ½ is over, the others (unlimited) are not
      const perRank = [r.metrics.peakActivations[0]! - 0.5, ...all(Infinity).slice(1)];
      const rank0 = overLimitOps(r.timeline, r.layout, perRank);
      expect(rank0.length).toBeGreaterThan(0);
      expect(rank0.every((i) => r.layout.buf.rank[i] === 0 && alive[i]! > perRank[0]!)).toBe(true);
    }
  });
});

describe('memory–bubble sweep', () => {
  it('zb-auto: more memory, never more bubble at equal costs; ZB-H1 and ZB-H2 points included', () => {
    const p: Params = { ...DEFAULT_PARAMS, schedule: 'zb-auto', ranks: 4, microbatches: 12 };
    expect(sweepLimits(p, 'zb-auto')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const points = memorySweep(p, 'zb-auto');
    const ok8 = points.filter((q) => Number.isFinite(q.peak));
    expect(ok8.length).toBeGreaterThan(3);
    for (const q of ok8) expect(q.peak).toBeLessThanOrEqual(q.limit + 1e-9);
    expect(ok8[ok8.length - 1]!.bubble).toBe(0);
    expect(ok8[ok8.length - 1]!.bubble).toBeLessThanOrEqual(ok8[0]!.bubble);
  });

  it('v-auto limits are whole V-chunk forwards: halves of a share in the share basis', () => {
    const p: Params = { ...DEFAULT_PARAMS, schedule: 'v-auto', ranks: 4, microbatches: 8 };
    expect(sweepLimits(p, 'v-auto')).toEqual([1, 1.5, 2, 2.5, 3, 3.5, 4]);
    expect(sweepLimits({ ...p, basis: 'stage' }, 'v-auto')).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });

  it('slow builds go to the worker: v-auto always, greedy ones when large', () => {
    expect(isSlowBuild({ ...DEFAULT_PARAMS, ranks: 2, microbatches: 4 }, 'v-auto')).toBe(true);
    expect(isSlowBuild({ ...DEFAULT_PARAMS, ranks: 16, microbatches: 64 }, 'zb-v-auto')).toBe(true);
    expect(isSlowBuild({ ...DEFAULT_PARAMS, ranks: 16, microbatches: 64 }, 'dualpipe')).toBe(false);
    expect(isSlowBuild({ ...DEFAULT_PARAMS, ranks: 4, microbatches: 8 }, 'zb-auto')).toBe(false);
  });
});
