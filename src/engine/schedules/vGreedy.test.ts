/**
 * vGreedyOrder against op orders produced by running the reference generator
 * (fixtures/golden/sail-zb/VHalf_*, VMin_*: sail-sg zbv_greedy.py at 39f2c18), plus structural
 * properties on random configurations and the peak activation memory the paper states
 * (Qi et al., arXiv 2405.15362; authors' summary table: V-Half (P+2)//2, V-Min (P+4)//3
 * micro-batch activations of a 1F1B stage, i.e. twice that many V-layout chunk activations).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScheduleError } from '../errors.ts';
import type { Op } from '../types.ts';
import { peakActivations, replay, structureProblems } from './vGreedy.checks.ts';
import { kthOfTwoSorted } from './vGreedyReorder.ts';
import { opsFromColumns } from '../columns.ts';
import { vGreedyOrder as vGreedyColumns, type GreedyCosts, type VGreedyVariant } from './vGreedy.ts';

/** The generator's columns as op objects (the shape the checks read). */
const vGreedyOrder = (P: number, M: number, v: VGreedyVariant, c: GreedyCosts) => opsFromColumns(vGreedyColumns(P, M, v, c));

const GOLDEN_DIR = new URL('../../../fixtures/golden/sail-zb/', import.meta.url);
const UNIT: GreedyCosts = { F: 1, I: 1, W: 1, comm: 0 };

interface GoldenFile {
  schedule: string;
  num_ranks: number;
  num_microbatches: number;
  costs: GreedyCosts;
  rank_bubble: number[];
  ops: [string, number, number][][];
}

const goldenNames = readdirSync(fileURLToPath(GOLDEN_DIR))
  .filter((name) => /^V(Half|Min)_.*\.json$/.test(name))
  .sort();

function encode(ops: Op[][]): [string, number, number][][] {
  return ops.map((rank) =>
    rank.map((op): [string, number, number] => {
      if (op.kind === 'FB') throw new Error('vGreedy never emits FB');
      return [op.kind, op.stage, op.microbatch];
    }),
  );
}

describe('vGreedyOrder matches sail-sg zbv_greedy.py goldens', () => {
  it('finds the golden files', () => {
    expect(goldenNames.filter((n) => n.startsWith('VHalf_')).length).toBe(10);
    expect(goldenNames.filter((n) => n.startsWith('VMin_')).length).toBe(10);
  });
  it.each(goldenNames)('%s', (name) => {
    const golden = JSON.parse(readFileSync(new URL(name, GOLDEN_DIR), 'utf8')) as GoldenFile;
    const variant: VGreedyVariant = golden.schedule === 'VHalf' ? 'half' : 'min';
    const { F, I, W, comm } = golden.costs;
    const got = vGreedyOrder(golden.num_ranks, golden.num_microbatches, variant, { F, I, W, comm });
    expect(encode(got)).toEqual(golden.ops);
    // Replaying our order reproduces the reference's own timeline (passes.add_time) bubbles.
    expect(replay(got, golden.num_ranks, golden.num_microbatches, { F, I, W, comm }).rankBubble).toEqual(golden.rank_bubble);
  });
});

describe('vGreedyOrder structure', () => {
  it('runs every (stage, mb) once as F, I, W on its own rank, F before I before W; never deadlocks; costs do not change the order', () => {
    const cost = fc.double({ min: 0, max: 50, noNaN: true });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 24 }),
        fc.constantFrom<VGreedyVariant>('half', 'min'),
        fc.record({ F: cost, I: cost, W: cost, comm: cost }),
        (P, M, variant, costs) => {
          if (costs.F + costs.I + costs.W === 0 && (costs.comm === 0 || P === 1)) {
            expect(() => vGreedyOrder(P, M, variant, costs)).toThrow(ScheduleError);
            return;
          }
          const ops = vGreedyOrder(P, M, variant, costs);
          expect(structureProblems(ops, P, M)).toEqual([]);
          expect(replay(ops, P, M, costs).complete).toBe(true);
          expect(ops).toEqual(vGreedyOrder(P, M, variant, UNIT));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('reaches the paper peak: V-Half (P+2)//2, V-Min (P+4)//3 stage activations (2 chunks each) when M ≥ 2P', () => {
    for (let P = 1; P <= 16; P++) {
      for (const M of [2 * P, 3 * P + 1]) {
        expect(peakActivations(vGreedyOrder(P, M, 'half', UNIT)).releaseAtW).toBe(2 * Math.floor((P + 2) / 2));
        expect(peakActivations(vGreedyOrder(P, M, 'min', UNIT)).releaseAtW).toBe(2 * Math.floor((P + 4) / 3));
      }
    }
  });

  // Speed is measured by `npm run bench`; a timed assertion would fail on a busy machine.
  it('runs P = 64, M = 512', () => {
    const ops = vGreedyOrder(64, 512, 'half', UNIT);
    expect(ops[0].length).toBe(6 * 512);
  });
});

describe('vGreedyOrder rejects invalid input', () => {
  it.each([
    [0, 4],
    [2.5, 4],
    [4, 0],
    [4, -1],
    [4, Number.NaN],
  ])('ranks %s, microbatches %s', (P, M) => {
    expect(() => vGreedyOrder(P, M, 'half', UNIT)).toThrow(ScheduleError);
  });
  it('rejects negative or non-finite costs', () => {
    expect(() => vGreedyOrder(2, 4, 'min', { ...UNIT, W: -1 })).toThrow(ScheduleError);
    expect(() => vGreedyOrder(2, 4, 'min', { ...UNIT, comm: Number.POSITIVE_INFINITY })).toThrow(ScheduleError);
  });
  it('rejects a zero-length timeline like the reference (F = I = W = 0 with comm = 0 or one rank)', () => {
    const zero = { F: 0, I: 0, W: 0, comm: 0 };
    expect(() => vGreedyOrder(2, 4, 'half', zero)).toThrow(/positive length/);
    expect(() => vGreedyOrder(1, 4, 'min', { ...zero, comm: 1 })).toThrow(/single rank/);
    expect(vGreedyOrder(2, 4, 'half', { ...zero, comm: 1 })).toEqual(vGreedyOrder(2, 4, 'half', UNIT));
  });
  it('rejects an unknown variant', () => {
    expect(() => vGreedyOrder(2, 4, 'zb' as VGreedyVariant, UNIT)).toThrow(/'half' or 'min'/);
  });
});

describe('kthOfTwoSorted', () => {
  it('equals sorting the union', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60 })), fc.array(fc.integer({ min: 0, max: 60 })), (a, b) => {
        const sa = [...a].sort((x, y) => x - y);
        const sb = [...b].sort((x, y) => x - y);
        const all = [...sa, ...sb].sort((x, y) => x - y);
        for (let k = 0; k < all.length; k++) expect(kthOfTwoSorted(sa, sb, k)).toBe(all[k]);
      }),
    );
  });
});
