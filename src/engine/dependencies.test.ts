/**
 * The dependency model against the simulator and by hand: every op starts exactly at the later of
 * its rank being free and its last input's arrival (edgesOf + arrival), so the edges the views read
 * are the simulator's; the halves, sends and producer index on a small DualPipe.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveCosts } from './costs.ts';
import {
  FWD,
  GRAD,
  IDONE,
  SENDS_ACTIVATION,
  SENDS_GRADIENT,
  arrival,
  crossRankEdges,
  dependencyIndex,
  edgesOf,
  halfCount,
  halfKind,
  halfKindCode,
  halfMicrobatch,
  halfStage,
  halfUnit,
  halvesOf,
  kindCode,
  opSends,
  readHalves,
  rowHalves,
  sendTarget,
  slotIndex,
} from './dependencies.ts';
import { DeadlockError } from './errors.ts';
import { buildSchedule } from './schedules/index.ts';
import { simulate } from './simulate.ts';
import { config, costs, runs } from './testing/arbitraries.ts';
import { dualPipeTopology, hasTwoDirections, stageDirection, vTopology } from './topology.ts';
import { scheduleColumns } from './views.ts';

describe('edgesOf is what the simulator waits for (fast-check)', () => {
  it('start = max(rank free, latest input arrival) for every op', () => {
    fc.assert(
      fc.property(config, costs, (p, c) => {
        fc.pre(runs(p, c));
        const t = simulate(buildSchedule(p, c), c);
        const latest = t.ops.map((ops) => ops.map(() => 0));
        for (const e of edgesOf(t.schedule)) {
          const a = arrival(t.ops[e.fromRank][e.fromIndex].end, e.fromRank, e.toRank, c.comm);
          latest[e.toRank][e.toIndex] = Math.max(latest[e.toRank][e.toIndex], a);
        }
        const wrong: string[] = [];
        t.ops.forEach((ops, r) =>
          ops.forEach((o, i) => {
            const expected = Math.max(i > 0 ? ops[i - 1].end : 0, latest[r][i]);
            if (o.start !== expected) wrong.push(`rank ${r} op #${i} starts at ${o.start}, its inputs and rank allow ${expected}`);
          }),
        );
        expect(wrong).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('every input of a legal order has exactly one producer', () => {
    fc.assert(
      fc.property(config, (p) => {
        const s = buildSchedule(p);
        const edges = edgesOf(s);
        const needs = s.ops.flat().reduce((n, op) => {
          for (const h of halvesOf(op)) {
            const { prevStage, nextStage } = s.topology;
            n += h.kind === 'F' ? (prevStage[h.stage] >= 0 ? 1 : 0) : h.kind === 'W' ? 1 : 1 + (nextStage[h.stage] >= 0 ? 1 : 0);
          }
          return n;
        }, 0);
        expect(edges).toHaveLength(needs);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the half accessors agree', () => {
  it('rowHalves (the simulator, on columns) = readHalves = halvesOf = halfKind/halfStage/halfMicrobatch/halfUnit, for every op of every schedule', () => {
    const kinds = new Int8Array(2);
    const stages = new Int32Array(2);
    const units = new Int32Array(2);
    const rowKinds = new Int8Array(2);
    const rowStages = new Int32Array(2);
    const rowUnits = new Int32Array(2);
    fc.assert(
      fc.property(config, (p) => {
        const wrong: string[] = [];
        const s = buildSchedule(p);
        const K = s.seqSplits ?? 1;
        const cols = scheduleColumns(s);
        for (const [flat, op] of s.ops.flat().entries()) {
          const n = readHalves(op, K, kinds, stages, units);
          const m = rowHalves(cols, flat, K, rowKinds, rowStages, rowUnits);
          if (
            m !== n ||
            [...rowKinds.subarray(0, m), ...rowStages.subarray(0, m), ...rowUnits.subarray(0, m)].join() !==
              [...kinds.subarray(0, n), ...stages.subarray(0, n), ...units.subarray(0, n)].join()
          )
            wrong.push(`row ${flat}: rowHalves ≠ readHalves`);
          const halves = halvesOf(op);
          if (n !== halves.length || n !== halfCount(op)) wrong.push(`${op.kind}: ${n} halves`);
          halves.forEach((h, i) => {
            const got = [
              kinds[i],
              stages[i],
              units[i],
              halfKindCode(op, i),
              halfKind(op, i),
              halfStage(op, i),
              halfMicrobatch(op, i),
              halfUnit(op, i, K),
            ];
            const unit = h.microbatch * K + (h.split ?? 0);
            const want = [kindCode(h.kind), h.stage, unit, kindCode(h.kind), h.kind, h.stage, h.microbatch, unit];
            if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(JSON.stringify({ op, i, got, want }));
          });
        }
        expect(wrong).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});

describe('DualPipe P=2 M=4 by hand', () => {
  const s = buildSchedule({ schedule: 'dualpipe', ranks: 2, microbatches: 4 }, resolveCosts());
  // r0: F s0 mb0, F s3 mb2, F s0 mb1, B s3 mb2, FB s3 mb3|s0 mb0, B s3 mb3, I s0 mb1, W s0 mb1
  const fb = s.ops[0][4];

  it('an FB is a forward half and a full-backward half', () => {
    expect(halvesOf(fb)).toEqual([
      { kind: 'F', stage: 3, microbatch: 3 },
      { kind: 'B', stage: 0, microbatch: 0 },
    ]);
  });

  it('sends: F to the next stage, a backward to the previous one, across ranks only', () => {
    const t = s.topology;
    expect(sendTarget(t, FWD, 0)).toBe(1);
    expect(sendTarget(t, GRAD, 1)).toBe(0);
    expect(sendTarget(t, FWD, 1)).toBe(-1); // the last stage of the first pipeline
    expect(sendTarget(t, IDONE, 0)).toBe(-1);
    // FB s3 mb3 | s0 mb0: stage 3 ends the second pipeline (2..3) and stage 0 starts the first: nothing to send
    expect(opSends(t, fb)).toBe(0);
    expect(opSends(t, s.ops[0][0])).toBe(SENDS_ACTIVATION); // F s0 mb0 → s1 on rank 1
    expect(opSends(t, s.ops[1][3])).toBe(SENDS_GRADIENT); // B s1 mb0 → s0 on rank 0
  });

  it('producer index and the cross-rank edges, by producer', () => {
    const index = dependencyIndex(s);
    expect(index.producer[slotIndex(4, FWD, 0, 0)]).toBe(0); // F s0 mb0 is flat op 0, half 0
    expect(index.producer[slotIndex(4, GRAD, 0, 0)]).toBe(2 * 4 + 1); // the FB's backward half
    const cross = crossRankEdges(s);
    expect(cross.every((e) => e.fromRank !== e.toRank)).toBe(true);
    const order = cross.map((e) => 2 * e.from + e.fromHalf);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });
});

describe('direction comes from the topology', () => {
  it('DualPipe has two, the V shape one', () => {
    const d = dualPipeTopology(4);
    expect([0, 3, 4, 7].map((st) => stageDirection(d, st))).toEqual([0, 0, 1, 1]);
    expect(hasTwoDirections(d)).toBe(true);
    const v = vTopology(4);
    expect([0, 3, 4, 7].map((st) => stageDirection(v, st))).toEqual([0, 0, 0, 0]);
    expect(hasTwoDirections(v)).toBe(false);
  });
});

describe('Seq1F1B P=2 M=1 K=2 by hand: every rule holds per (micro-batch, split)', () => {
  const s = buildSchedule({ schedule: 'seq1f1b', ranks: 2, microbatches: 1, seqSplits: 2 });
  // each rank: F k0, F k1, B k1, B k0
  const at = (e: { fromRank: number; fromIndex: number; toRank: number; toIndex: number; slot: number; split: number }) =>
    `${e.fromRank}#${e.fromIndex}→${e.toRank}#${e.toIndex} ${e.slot === FWD ? 'FWD' : 'GRAD'} k${e.split}`;

  it('a chunk needs the same chunk of the neighbouring stage, nothing of the other chunk', () => {
    expect(edgesOf(s).map(at)).toEqual([
      '0#1→0#2 FWD k1',
      '1#2→0#2 GRAD k1',
      '0#0→0#3 FWD k0',
      '1#3→0#3 GRAD k0',
      '0#0→1#0 FWD k0',
      '0#1→1#1 FWD k1',
      '1#1→1#2 FWD k1',
      '1#0→1#3 FWD k0',
    ]);
    expect(dependencyIndex(s).producer[slotIndex(2, GRAD, 1, 0 * 2 + 1)]).toBe(2 * (4 + 2)); // B s1 k1 is flat op 6
  });

  it('a deadlock names the chunk it waits for', () => {
    const bad = { ...s, ops: [s.ops[0], [...s.ops[1]].reverse()] };
    const e = (() => {
      try {
        simulate(bad, resolveCosts());
      } catch (err) {
        return err as DeadlockError;
      }
      throw new Error('no deadlock');
    })();
    expect(e).toBeInstanceOf(DeadlockError);
    expect(e.blocked.map(({ rank, index }) => [rank, index])).toEqual([
      [0, 2],
      [1, 0],
    ]);
    expect(e.message).toMatch(/rank 1 cannot run op #0 B s1 mb0 split0: it waits for F\(s1, mb0 split 0\)/);
  });
});
