/**
 * Properties of the second-round generators under random per-stage costs (fast-check): every op
 * exactly once on the rank holding its stage, dependencies (plus comm) respected and no overlap on
 * a rank (invariants.ts `checkTimeline`), Seq1F1B's chunk order, and zb-auto / v-auto within their
 * memory limits. The goldens pin the exact orders; these cover the configurations they do not.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveStageCosts, type CostsFile } from '../costs.ts';
import { ScheduleError } from '../errors.ts';
import { checkTimeline } from '../invariants.ts';
import { computeMetrics } from '../metrics.ts';
import { simulate } from '../simulate.ts';
import type { ScheduleParams } from '../types.ts';
import { buildSchedule, scheduleTopology } from './index.ts';

const cost = fc.integer({ min: 1, max: 40 }).map((x) => x / 8);
const stageList = (n: number) => fc.array(cost, { minLength: n, maxLength: n });

/** Per-stage F, I, W (and sometimes B) lists of length S and a comm latency. */
const costsFor = (S: number): fc.Arbitrary<CostsFile> =>
  fc.record({
    F: stageList(S),
    I: stageList(S),
    W: stageList(S),
    B: fc.option(stageList(S), { nil: undefined }),
    comm: fc.integer({ min: 0, max: 4 }).map((x) => x / 4),
  });

function timelineOf(params: ScheduleParams, file: CostsFile) {
  const costs = resolveStageCosts(file, scheduleTopology(params));
  return simulate(buildSchedule(params, costs), costs);
}

/** A config and per-stage costs sized to its stage count. */
const withCosts = (config: fc.Arbitrary<ScheduleParams>) =>
  config.chain((p) => costsFor(scheduleTopology(p).numStages).map((c) => [p, c] as const));

/**
 * zb-auto's promise: every rank within its limit — unless the reference itself left forwards
 * unplaced (uneven costs), which the schedule then says in its notes.
 */
function withinLimits(t: ReturnType<typeof timelineOf>, limit: number[]) {
  const over = computeMetrics(t).peakActivations.some((peak, r) => peak > limit[r]!);
  if (over) expect(t.schedule.notes?.join(' ')).toMatch(/never placed some forwards/);
}

describe('second-round generators under random per-stage costs', () => {
  it('zb-auto: legal timeline, and no rank ever above its memory limit (per-stage memory)', () => {
    const config = fc.record({
      P: fc.integer({ min: 1, max: 6 }),
      M: fc.integer({ min: 1, max: 16 }),
      memF: fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 6, maxLength: 6 }),
      iShare: fc.integer({ min: 0, max: 8 }),
      k: fc.integer({ min: 2, max: 24 }).map((x) => x / 4),
    });
    fc.assert(
      fc.property(
        config.chain((c) => costsFor(c.P).map((costs) => [c, costs] as const)),
        ([{ P, M, memF, iShare, k }, costs]) => {
          const F = memF.slice(0, P);
          const I = F.map((f) => -Math.floor((f * iShare) / 8));
          const memory = { F, I, W: F.map((f, s) => -(f + I[s]!)) };
          // a limit of at least one forward (k ≥ 1): zb.py either schedules or reports why not
          const limit = F.map((f) => Math.max(f, Math.round(k * f)));
          let t;
          try {
            t = timelineOf({ schedule: 'zb-auto', ranks: P, microbatches: M, memLimit: limit }, { ...costs, memory });
          } catch (e) {
            expect(e).toBeInstanceOf(ScheduleError);
            expect((e as Error).message).toMatch(/zb\.py cannot schedule/);
            return;
          }
          expect(checkTimeline(t)).toEqual([]);
          withinLimits(t, limit);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('zb-auto keeps to a uniform limit of k·P forward activations (k = 1 is ZB-H1-like)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 8 })
          .chain((P) => fc.tuple(fc.constant(P), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 3 }), costsFor(P))),
        ([P, M, k, costs]) => {
          let t;
          try {
            t = timelineOf({ schedule: 'zb-auto', ranks: P, microbatches: M, memLimit: k * P }, costs);
          } catch (e) {
            expect((e as Error).message).toMatch(/zb\.py cannot schedule/);
            return;
          }
          expect(checkTimeline(t)).toEqual([]);
          withinLimits(
            t,
            t.ops.map(() => k * P),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('1f1b-v, seq1f1b, interleaved-zb, interleaved-1f1b-megatron: legal timelines', () => {
    const config: fc.Arbitrary<ScheduleParams> = fc
      .record({
        schedule: fc.constantFrom('1f1b-v', 'seq1f1b', 'interleaved-zb', 'interleaved-1f1b-megatron'),
        P: fc.integer({ min: 1, max: 8 }),
        M: fc.integer({ min: 1, max: 24 }),
        v: fc.integer({ min: 1, max: 4 }),
        n: fc.integer({ min: 1, max: 5 }),
        g: fc.integer({ min: 0, max: 6 }),
        ep: fc.boolean(),
      })
      .map(({ schedule, P, M, v, n, g, ep }): ScheduleParams => {
        if (schedule === 'seq1f1b') return { schedule, ranks: P, microbatches: M, seqSplits: n };
        if (schedule === 'interleaved-zb') {
          const rounds = Math.max(1, Math.floor(M / P));
          return { schedule, ranks: P, microbatches: M - (M % rounds), stagesPerRank: v };
        }
        if (schedule === 'interleaved-1f1b-megatron') {
          // Megatron: P ≤ N ≤ M and the last group empty or at least P long
          const N = P + g;
          let m = Math.max(M, N);
          if (m % N > 0 && m % N < P) m += P - (m % N);
          return { schedule, ranks: P, microbatches: m, stagesPerRank: v, groupSize: N, epOverlap: ep };
        }
        return { schedule, ranks: P, microbatches: M };
      });
    fc.assert(
      fc.property(withCosts(config), ([p, costs]) => {
        const t = timelineOf(p, costs);
        expect(checkTimeline(t)).toEqual([]);
        if (p.schedule === 'seq1f1b') {
          // a rank runs a micro-batch's chunks forward in order and backward in reverse
          for (const ops of t.schedule.ops) {
            const next = new Map<string, number>();
            for (const op of ops) {
              if (op.kind === 'FB') throw new Error('no FB in Seq1F1B');
              const key = `${op.kind}${op.microbatch}`;
              const want = next.get(key) ?? (op.kind === 'F' ? 0 : p.seqSplits! - 1);
              expect(op.split).toBe(want);
              next.set(key, op.kind === 'F' ? want + 1 : want - 1);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('v-auto: legal timeline within its limit, or a rejection in words', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 4 })
          .chain((P) => fc.tuple(fc.constant(P), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 2 * P }), costsFor(P))),
        ([P, M, k, costs]) => {
          let t;
          try {
            t = timelineOf({ schedule: 'v-auto', ranks: P, microbatches: M, memLimit: k }, costs);
          } catch (e) {
            expect(e).toBeInstanceOf(ScheduleError);
            expect((e as Error).message).toMatch(/no V-shape schedule|v_auto_schedule cannot schedule/);
            return;
          }
          expect(checkTimeline(t)).toEqual([]);
          expect(Math.max(...computeMetrics(t).peakActivations)).toBeLessThanOrEqual(k);
        },
      ),
      { numRuns: 60 },
    );
  });
});
