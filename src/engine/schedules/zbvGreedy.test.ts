/**
 * zbvGreedyOrder (automatic ZB-V) against op orders produced by running the reference generator
 * (fixtures/golden/sail-zb/ZBV_p*: sail-sg zbv.py at 39f2c18, unit costs and the runtime's
 * pre-profiling costs), plus structural and memory properties on random configurations and the
 * zero-bubble claim at equal costs (Zero Bubble paper §6, docs/schedules.md §3.7).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScheduleError } from '../errors.ts';
import type { Op } from '../types.ts';
import { peakActivations, replay, structureProblems } from './vGreedy.checks.ts';
import { opsFromColumns } from '../columns.ts';
import { zbvGreedyOrder as zbvGreedyColumns, type GreedyCosts } from './zbvGreedy.ts';

/** The generator's columns as op objects (the shape the checks read). */
const zbvGreedyOrder = (P: number, M: number, c: GreedyCosts) => opsFromColumns(zbvGreedyColumns(P, M, c));

const GOLDEN_DIR = new URL('../../../fixtures/golden/sail-zb/', import.meta.url);
const UNIT: GreedyCosts = { F: 1, I: 1, W: 1, comm: 0 };

interface GoldenFile {
  num_ranks: number;
  num_microbatches: number;
  costs: GreedyCosts;
  memory_model: { f: number; b: number; w: number };
  rank_bubble: number[];
  ops: [string, number, number][][];
}

const goldenNames = readdirSync(fileURLToPath(GOLDEN_DIR))
  .filter((name) => /^ZBV_p\d+_m\d+(_runtime-default-costs)?\.json$/.test(name))
  .sort();

function encode(ops: Op[][]): [string, number, number][][] {
  return ops.map((rank) =>
    rank.map((op): [string, number, number] => {
      if (op.kind === 'FB') throw new Error('zbvGreedy never emits FB');
      return [op.kind, op.stage, op.microbatch];
    }),
  );
}

describe('zbvGreedyOrder matches sail-sg zbv.py goldens', () => {
  it('finds the golden files', () => {
    expect(goldenNames.filter((n) => !n.includes('runtime')).length).toBe(10);
    expect(goldenNames.filter((n) => n.includes('runtime')).length).toBe(10);
  });
  it.each(goldenNames)('%s', (name) => {
    const golden = JSON.parse(readFileSync(new URL(name, GOLDEN_DIR), 'utf8')) as GoldenFile;
    // The implementation hard-codes the runtime's memory estimate; the goldens must use it.
    expect(golden.memory_model).toEqual({ f: 794624, b: -663552, w: -131072 });
    const { F, I, W, comm } = golden.costs;
    const got = zbvGreedyOrder(golden.num_ranks, golden.num_microbatches, { F, I, W, comm });
    expect(encode(got)).toEqual(golden.ops);
    expect(replay(got, golden.num_ranks, golden.num_microbatches, { F, I, W, comm }).rankBubble).toEqual(golden.rank_bubble);
  });
});

/** Peak of the reference's weighted memory model (bytes / 4096 per chunk activation). */
function peakWeightedMemory(ops: Op[][]): number {
  const delta: Record<string, number> = { F: 194, I: -162, W: -32 };
  let peak = 0;
  for (const rankOps of ops) {
    let live = 0;
    for (const op of rankOps) {
      live += delta[op.kind];
      peak = Math.max(peak, live);
    }
  }
  return peak;
}

describe('zbvGreedyOrder structure', () => {
  it('runs every (stage, mb) once as F, I, W on its own rank, F before I before W; never deadlocks; stays within 2P activations', () => {
    const cost = fc.double({ min: 0, max: 50, noNaN: true });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 24 }),
        fc.record({ F: cost, I: cost, W: cost, comm: cost }),
        (P, M, costs) => {
          if (costs.F + costs.I + costs.W === 0) {
            expect(() => zbvGreedyOrder(P, M, costs)).toThrow(ScheduleError);
            return;
          }
          const ops = zbvGreedyOrder(P, M, costs);
          expect(structureProblems(ops, P, M)).toEqual([]);
          expect(replay(ops, P, M, costs).complete).toBe(true);
          expect(peakWeightedMemory(ops)).toBeLessThanOrEqual(194 * 2 * P);
          // Counting an activation as freed by its I (which frees most of it) the cap is 2P.
          expect(peakActivations(ops).releaseAtI).toBeLessThanOrEqual(2 * P);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('has no bubble at F = I = W, comm = 0 once M ≥ 2P - 1', () => {
    for (let P = 1; P <= 8; P++) {
      for (const M of [2 * P - 1, 2 * P + 3]) {
        const { complete, rankBubble } = replay(zbvGreedyOrder(P, M, UNIT), P, M, UNIT);
        expect(complete).toBe(true);
        expect(Math.max(...rankBubble)).toBe(0);
      }
    }
  });

  // Speed is measured by `npm run bench`; a timed assertion would fail on a busy machine.
  it('runs P = 64, M = 512', () => {
    const ops = zbvGreedyOrder(64, 512, { F: 1000, I: 1000, W: 1000, comm: 1 });
    expect(ops[0].length).toBe(6 * 512);
  });
});

describe('zbvGreedyOrder rejects invalid input', () => {
  it.each([
    [0, 4],
    [1.5, 4],
    [4, 0],
    [4, 2.5],
  ])('ranks %s, microbatches %s', (P, M) => {
    expect(() => zbvGreedyOrder(P, M, UNIT)).toThrow(ScheduleError);
  });
  it('rejects negative costs and, like the reference, F = I = W = 0', () => {
    expect(() => zbvGreedyOrder(2, 4, { ...UNIT, I: -1 })).toThrow(ScheduleError);
    expect(() => zbvGreedyOrder(2, 4, { F: 0, I: 0, W: 0, comm: 1 })).toThrow(/F \+ I \+ W > 0/);
  });
});
