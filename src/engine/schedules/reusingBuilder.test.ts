/**
 * The reusing builder (schedules/index.ts reusingBuilder): an order that ignores the costs is built
 * once per shape and handed out again when only the costs change; cost-driven orders are rebuilt;
 * every call still runs the checks; the reused order is the one buildSchedule would build.
 */
import { describe, expect, it } from 'vitest';
import { resolveCosts, resolveStageCosts } from '../costs.ts';
import { ScheduleError } from '../errors.ts';
import { computeMetrics } from '../metrics.ts';
import { simulate } from '../simulate.ts';
import { scheduleColumns } from '../views.ts';
import { buildSchedule, reusingBuilder, scheduleTopology } from './index.ts';

const columnsOf = (s: ReturnType<typeof buildSchedule>) => {
  const c = scheduleColumns(s);
  return { rankStart: [...c.rankStart], kind: [...c.kind], microbatch: [...c.microbatch], stage: [...c.stage] };
};

describe('reusingBuilder', () => {
  it('hands out the same order when only the costs change, equal to a fresh build', () => {
    const build = reusingBuilder();
    const params = { schedule: 'dualpipe' as const, ranks: 8, microbatches: 20 };
    const a = build(params, resolveCosts({ F: 1, B: 2, W: 1 }));
    const topo = scheduleTopology(params);
    const perStage = resolveStageCosts({ F: Array.from({ length: topo.numStages }, (_, s) => 1 + s / 10) }, topo);
    const b = build(params, perStage);
    expect(b).toBe(a);
    expect(columnsOf(b)).toEqual(columnsOf(buildSchedule(params, perStage)));
    // and simulating the kept order under the new costs is the fresh result
    expect(computeMetrics(simulate(b, perStage))).toEqual(computeMetrics(simulate(buildSchedule(params, perStage), perStage)));
  });

  it('rebuilds an order that reads the costs', () => {
    const build = reusingBuilder();
    const params = { schedule: 'zb-auto' as const, ranks: 4, microbatches: 8 };
    const a = build(params, resolveCosts({ F: 1, I: 1, W: 1 }));
    const b = build(params, resolveCosts({ F: 1, I: 1, W: 3 }));
    expect(b).not.toBe(a);
    expect(columnsOf(b)).toEqual(columnsOf(buildSchedule(params, resolveCosts({ F: 1, I: 1, W: 3 }))));
  });

  it('keeps a chart and its comparison, and a changed shape builds anew', () => {
    const build = reusingBuilder();
    const dp = { schedule: 'dualpipe' as const, ranks: 4, microbatches: 8 };
    const ob = { schedule: '1f1b' as const, ranks: 4, microbatches: 8 };
    const a = build(dp);
    const c = build(ob);
    expect(build(dp)).toBe(a);
    expect(build(ob)).toBe(c);
    const d = build({ ...dp, microbatches: 10 });
    expect(d).not.toBe(a);
    expect(d.microbatches).toBe(10);
    // two kept, most recently used: the new shape and 1F1B's; DualPipe's M = 8 was pushed out
    expect(build(ob)).toBe(c);
    expect(build(dp)).not.toBe(a);
  });

  it('still checks every call: per-stage costs for the wrong number of stages are rejected', () => {
    const build = reusingBuilder();
    const params = { schedule: 'dualpipe' as const, ranks: 4, microbatches: 8 };
    build(params);
    const wrong = resolveStageCosts({ F: [1, 1, 1] }, scheduleTopology({ schedule: '1f1b', ranks: 3, microbatches: 8 }));
    expect(() => build(params, wrong)).toThrow(ScheduleError);
    expect(() => build({ ...params, microbatches: 7 })).toThrow(ScheduleError);
  });
});
