/**
 * Direction comes from the topology, not the schedule's name: an imported torch CSV with DualPipe's
 * shape (two pipelines, half the micro-batches each) is drawn with the reverse-direction tint
 * (layout direction columns, legend flag, tooltip) and exported with it (Chrome trace args, op
 * table), exactly as the built-in DualPipe is.
 */
import { describe, expect, it } from 'vitest';
import { buildSchedule, dependencyIndex, resolveCosts } from '../engine/index.ts';
import { chromeTrace, exportTorchCsv, importTorchCsv, opTableCsv } from '../interop/index.ts';
import { describeOp } from '../render/describe.ts';
import { COST_UNITS } from '../render/scales.ts';
import { DEFAULT_PARAMS } from '../store/params.ts';
import { runEngine, type EngineOk } from './runEngine.ts';

const p = { ...DEFAULT_PARAMS, ranks: 4, microbatches: 8 };

function run(which: Parameters<typeof runEngine>[1]): EngineOk {
  const r = runEngine(p, which);
  if (!r.ok) throw new Error(r.error);
  return r;
}

describe('an imported DualPipe-shaped order', () => {
  const builtin = run('dualpipe');
  const csv = exportTorchCsv(buildSchedule({ schedule: 'dualpipe', ranks: 4, microbatches: 8 }));
  const custom = run(importTorchCsv(csv, resolveCosts()).schedule);

  it('is a custom schedule with the same ops and times', () => {
    expect(custom.schedule).toBe('custom');
    expect(custom.layout.buf.start).toEqual(builtin.layout.buf.start);
  });

  it('is drawn in two directions like the built-in one', () => {
    expect(custom.layout.dual).toBe(true);
    expect([...custom.layout.buf.dir]).toEqual([...builtin.layout.buf.dir]);
    expect([...custom.layout.buf.bdir]).toEqual([...builtin.layout.buf.bdir]);
    // the reverse pipeline is there to tint: stages P..2P-1 on every rank
    expect(custom.layout.buf.dir.some((d) => d === 1)).toBe(true);
    const i = custom.layout.rects.findIndex((o) => o.direction === 1);
    const d = describeOp(custom.layout, dependencyIndex(custom.timeline.schedule), COST_UNITS, i, -1, 'compute', -1);
    expect(d.rows.some(([, v]) => v.endsWith('(reverse direction)'))).toBe(true);
  });

  it('is exported with the same directions (Chrome trace and op table)', () => {
    const dirs = (r: EngineOk) =>
      chromeTrace(r.timeline)
        .traceEvents.filter((e) => e.ph === 'X' && e.tid === 0 && e.args?.schedule !== undefined)
        .map((e) => JSON.stringify([e.args!.direction, (e.args!.forward as { direction?: string })?.direction]));
    expect(dirs(custom)).toEqual(dirs(builtin));
    expect(dirs(custom).some((d) => d.includes('rev'))).toBe(true);
    const column = (r: EngineOk) =>
      opTableCsv(r.timeline)
        .trim()
        .split('\n')
        .slice(1)
        .map((row) => row.split(',')[3]);
    expect(column(custom)).toEqual(column(builtin));
    expect(column(custom)).toContain('1');
  });

  it('a single-pipeline order (DualPipeV) stays one direction', () => {
    const v = run(
      importTorchCsv(exportTorchCsv(buildSchedule({ schedule: 'dualpipev', ranks: 4, microbatches: 8 })), resolveCosts()).schedule,
    );
    expect(v.layout.dual).toBe(false);
    expect(v.layout.buf.dir.every((d) => d === 0)).toBe(true);
  });
});
