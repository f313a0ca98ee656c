/**
 * The measured page's chart data (sideBySide.ts, diffScale.ts): the two layouts share op indices,
 * a difference colouring changes only op fills (and their labels' colour) by the op's own
 * difference, the colour scale is diverging around 0 and saturates at its limit, and the tooltip
 * text carries the numbers of compare.ts.
 */
import { describe, expect, it } from 'vitest';
import { analyzeRun, compareOps, readTraceFiles } from '../../measured/index.ts';
import { fixtureFiles } from '../../measured/testing/fixtures.ts';
import { chartShapes } from '../../render/geometry.ts';
import { getPalette, luminance } from '../../render/palette.ts';
import { rowLayout } from '../../render/rows.ts';
import { ROLE } from '../../render/shapes.ts';
import { timeScale } from '../../render/scales.ts';
import { diffScale } from './diffScale.ts';
import { describeCompared, diffOf, idlePerRank, recolour, scaleOf, sideBySide } from './sideBySide.ts';

const a = analyzeRun(readTraceFiles(fixtureFiles('InterleavedZeroBubble_p4_m8_v2u')));
const sbs = sideBySide(a, compareOps(a));

describe('side by side', () => {
  it('both layouts hold the same ops at the same indices, on one µs axis', () => {
    const { measured, simulated, ops } = sbs;
    expect(simulated!.rects.length).toBe(measured.rects.length);
    expect(ops.length).toBe(measured.rects.length);
    measured.rects.forEach((r, i) => {
      const s = simulated!.rects[i];
      expect([s.rank, s.kind, s.stage, s.microbatch]).toEqual([r.rank, r.kind, r.stage, r.microbatch]);
      expect(r.start).toBe(ops[i].start);
      expect(s.start).toBe(ops[i].simulated!.start);
    });
    expect(measured.makespan).toBe(a.run.makespan);
    expect(simulated!.makespan).toBeCloseTo(a.simulated!.makespan, 6);
  });

  it('recolouring by a difference replaces exactly the op fills and their label colours', () => {
    const view = {
      layout: sbs.measured,
      rows: rowLayout(4, false),
      x: timeScale([0, sbs.measured.makespan], 1200),
      palette: getPalette('cb', 'light'),
      selection: null,
    };
    const plain = chartShapes(view);
    const scale = scaleOf(sbs.ops, 'duration')!;
    const coloured = recolour(chartShapes(view), sbs.ops, 'duration', scale);
    expect(coloured.n).toBe(plain.n);
    for (let k = 0; k < plain.n; k++) {
      if (plain.role[k] === ROLE.op) expect(coloured.fill[k]).toBe(scale.fill(diffOf(sbs.ops[plain.op[k]], 'duration')!));
      else expect(coloured.fill[k]).toBe(plain.fill[k]);
    }
    expect(coloured.labels).toBe(plain.labels);
    for (let j = 0; j < plain.labels; j++) expect(coloured.labelText[j]).toBe(plain.labelText[j]);
    expect(scaleOf(sbs.ops, 'kind')).toBeNull();
  });

  it('the diverging scale: blue below 0, red above, near white at 0, saturating at the limit', () => {
    const s = diffScale([...Array.from({ length: 39 }, (_, i) => 10 * i - 200), 1e6]);
    const rgb = (c: string) => [parseInt(c.slice(1, 3), 16), parseInt(c.slice(3, 5), 16), parseInt(c.slice(5, 7), 16)];
    expect(rgb(s.fill(-s.limit))[2]).toBeGreaterThan(rgb(s.fill(-s.limit))[0]);
    expect(rgb(s.fill(s.limit))[0]).toBeGreaterThan(rgb(s.fill(s.limit))[2]);
    expect(luminance(s.fill(0))).toBeGreaterThan(0.85);
    expect(s.fill(10 * s.limit)).toBe(s.fill(s.limit));
    expect(s.fill(-10 * s.limit)).toBe(s.fill(-s.limit));
    // one stalled op does not set the limit: the 95th percentile does
    expect(s.limit).toBe(200);
    expect(diffScale([]).limit).toBe(1);
  });

  it('tooltip text: measured compute start and wait, the replay, the signed differences', () => {
    const i = sbs.measured.rankStart[3];
    const o = sbs.ops[i];
    const d = describeCompared(sbs.measured, o, i);
    expect(d.title).toBe('r3 · F s3 mb0');
    expect(d.rows[0][0]).toBe('compute start');
    expect(d.wait).toMatch(/^the range opens at [\d.]+ ms and waits [\d.]+ ms for its input before computing$/);
    expect(d.diffs.map(([k]) => k)).toEqual(['start shift', 'compute time']);
    expect(d.diffs[0][1]).toMatch(o.startShift! < 0 ? /^−/ : /^\+/);
  });

  it('idle per rank of a layout is its makespan less the ops on the rank', () => {
    const idle = idlePerRank(sbs.simulated!);
    const busy = sbs.simulated!.rects.filter((r) => r.rank === 2).reduce((t, r) => t + r.end - r.start, 0);
    expect(idle[2]).toBeCloseTo(sbs.simulated!.makespan - busy, 6);
  });
});
