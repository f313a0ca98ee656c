/**
 * The chart's dependency arrows are the simulator's edges: for random schedules, sizes and costs,
 * the inputs the tooltip lists (waitInfo) over every op are exactly the engine's edgesOf, and the
 * transfers a micro-batch highlight draws (microbatchPath) over every micro-batch are exactly its
 * cross-rank edges, each half a member of its own micro-batch's path once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSchedule, dependencyIndex, edgesOf, simulate, type Edge } from '../engine/index.ts';
import { config, costs, runs } from '../engine/testing/arbitraries.ts';
import { microbatchPath, waitInfo } from './deps.ts';
import { layoutTimeline } from './layout.ts';

const key = (from: number, fromHalf: number, to: number, toHalf: number) => `${from}.${fromHalf}>${to}.${toHalf}`;
const edgeKey = (e: Edge) => key(e.from, e.fromHalf, e.to, e.toHalf);

describe('chart dependencies = simulator edges (fast-check)', () => {
  it('waitInfo over all ops and microbatchPath over all micro-batches', () => {
    fc.assert(
      fc.property(config, costs, (p, c) => {
        fc.pre(runs(p, c));
        const t = simulate(buildSchedule(p, c), c);
        const layout = layoutTimeline(t);
        const index = dependencyIndex(t.schedule);
        const edges = edgesOf(t.schedule);

        const waits: string[] = [];
        const badArrivals: string[] = [];
        for (let i = 0; i < layout.rects.length; i++) {
          for (const d of waitInfo(layout, index, i).deps) {
            waits.push(key(d.op, d.half, i, d.for));
            // the arrival the tooltip shows is the producer's end, plus comm across ranks
            if (d.arrival !== d.end + (d.rank === layout.rects[i].rank ? 0 : c.comm)) badArrivals.push(key(d.op, d.half, i, d.for));
          }
        }
        expect(badArrivals).toEqual([]);
        expect(waits.sort()).toEqual(edges.map(edgeKey).sort());

        const arrows: string[] = [];
        const members: string[] = [];
        for (let mb = 0; mb < t.schedule.microbatches; mb++) {
          const path = microbatchPath(index, mb);
          for (const a of path.arrows) arrows.push(key(a.from.op, a.from.half, a.to.op, a.to.half));
          for (const m of path.members) members.push(`${m.op}.${m.half}`);
        }
        const cross = edges.filter((e) => layout.rects[e.from].rank !== layout.rects[e.to].rank);
        expect(arrows.sort()).toEqual(cross.map(edgeKey).sort());
        const halves = layout.rects.flatMap((o, i) => (o.kind === 'FB' ? [`${i}.0`, `${i}.1`] : [`${i}.0`]));
        expect(members.sort()).toEqual(halves.sort());
      }),
      { numRuns: 200 },
    );
  });
});
