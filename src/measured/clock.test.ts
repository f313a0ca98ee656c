/**
 * Clock alignment (docs/measured.md §3): a copy of a real trace whose clock is shifted, as a trace
 * from another host would be, is put back on the others' clock within the bounds that the
 * send/receive pairs allow; contradictory constraints are refused.
 */
import { describe, expect, it } from 'vitest';
import { ImportError } from '../interop/errors.ts';
import { alignClocks } from './clock.ts';
import { readTraceFiles } from './files.ts';
import { CONFIGS, fixtureFiles } from './testing/fixtures.ts';

type Trace = { traceEvents: { ts?: number }[] };

/** The fixture with rank `rank`'s clock moved by `delta` µs (every event's ts). */
function shifted(config: string, rank: number, delta: number) {
  return fixtureFiles(config).map((f, r) => {
    if (r !== rank) return f;
    const data = JSON.parse(f.text) as Trace;
    for (const e of data.traceEvents) if (typeof e.ts === 'number') e.ts += delta;
    return { ...f, text: JSON.stringify(data) };
  });
}

describe.each(CONFIGS)('%s: one rank on another clock', (config) => {
  const reference = readTraceFiles(fixtureFiles(config));

  it.each([
    [2, 5_000],
    [1, -25_000],
    [3, 3.6e9],
    [0, -7.2e9],
  ])('rank %i moved by %d µs is moved back within the bounds the transfers allow', (rank, delta) => {
    const run = readTraceFiles(shifted(config, rank, delta));
    const { clock } = run;
    expect(clock.shared).toBe(false);
    expect(clock.violations).toBeGreaterThan(0);
    // offsets are relative to rank 0: the true correction of rank r is −delta (or +delta for all others when rank 0 moved)
    const truth = (r: number) => (rank === 0 ? (r === 0 ? 0 : delta) : r === rank ? -delta : 0);
    for (let r = 0; r < 4; r++) {
      const [lo, hi] = clock.bounds[r];
      expect(lo - 1e-6).toBeLessThanOrEqual(truth(r));
      expect(hi + 1e-6).toBeGreaterThanOrEqual(truth(r));
      expect(Math.abs(clock.offsets[r] - truth(r))).toBeLessThanOrEqual((hi - lo) / 2 + 1e-6);
      // the pairs pin the clocks to within a few hundred µs on these traces
      expect(hi - lo).toBeLessThan(3000);
    }
    expect(run.order.ops).toEqual(reference.order.ops);
    expect(run.notes.join(' ')).toMatch(/clocks disagree/);
  });

  it('moving every rank by the same amount changes nothing', () => {
    const all = fixtureFiles(config).map((f) => {
      const data = JSON.parse(f.text) as Trace;
      for (const e of data.traceEvents) if (typeof e.ts === 'number') e.ts += 1234.5;
      return { ...f, text: JSON.stringify(data) };
    });
    const run = readTraceFiles(all);
    expect(run.clock.shared).toBe(true);
    expect(run.measured[2].ops.map((m) => m.start)).toEqual(reference.measured[2].ops.map((m) => m.start).map((x) => expect.closeTo(x, 3)));
  });
});

describe('alignClocks', () => {
  it('refuses constraints that no offsets satisfy', () => {
    const contradictory = [
      { from: 0, to: 1, lower: 10, what: 'RECV_F of stage 1 micro-batch 0' },
      { from: 1, to: 0, lower: 10, what: 'RECV_B of stage 0 micro-batch 0' },
    ];
    expect(() => alignClocks(2, contradictory)).toThrow(ImportError);
    expect(() => alignClocks(2, contradictory)).toThrow(/contradict each other under any clock offset/);
  });

  it('picks the middle of a chain of intervals', () => {
    const c = (from: number, to: number, lower: number) => ({ from, to, lower, what: '' });
    // off1 − off0 ∈ [100, 300], off2 − off1 ∈ [−50, 50]
    const clock = alignClocks(3, [c(0, 1, 100), c(1, 0, -300), c(1, 2, -50), c(2, 1, -50)]);
    expect(clock.shared).toBe(false);
    expect(clock.offsets).toEqual([0, 200, 200]);
    expect(clock.bounds).toEqual([
      [0, 0],
      [100, 300],
      [50, 350],
    ]);
  });
});
