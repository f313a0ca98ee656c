/**
 * The op table re-opens: for every schedule its order comes back as that built-in schedule with
 * the costs that drew it; a custom order stays custom; a detailed-mode table gives its op timeline
 * in µs. Tables the app cannot honour are refused with the row that says why.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildSchedule, resolveCosts, resolveStageCosts, scheduleTopology, simulate } from '../engine/index.ts';
import { detailedTimeline, getPreset } from '../engine/overlap/index.ts';
import { ImportError } from './errors.ts';
import { importAny } from './importAny.ts';
import { opTableCsv } from './opTable.ts';
import { importOpTable, isOpTable } from './opTableImport.ts';
import { allConfigs } from './testing/configs.ts';
import { exportTorchCsv, importTorchCsv } from './torchCsv.ts';

const rejection = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return (e as Error).message;
  }
  throw new Error('expected a rejection');
};

describe('importOpTable', () => {
  it('every schedule: the same op order, recognised as the schedule, with the costs and times it ran with', () => {
    const costs = resolveCosts({ F: 1.5, I: 1, W: 0.5, comm: 0.25 });
    for (const p of allConfigs()) {
      const t = simulate(buildSchedule(p, costs), costs);
      if (p.schedule === 'seq1f1b') {
        expect(rejection(() => importOpTable(opTableCsv(t)))).toMatch(/sequence splits .*import its project file/);
        continue;
      }
      const back = importOpTable(opTableCsv(t));
      const what = `${p.schedule} P=${p.ranks} M=${p.microbatches} v=${p.stagesPerRank}`;
      expect(exportTorchCsv(back.schedule), what).toBe(exportTorchCsv(t.schedule));
      // a schedule whose order equals another's at these P and M (1F1B at M=1...) may be named either
      expect(exportTorchCsv(buildSchedule({ ...p, schedule: back.schedule.name as typeof p.schedule }, costs)), what).toBe(
        exportTorchCsv(t.schedule),
      );
      const kinds = new Set(t.schedule.ops.flat().map((o) => o.kind));
      for (const k of ['F', 'I', 'W', 'B', 'FB'] as const) if (kinds.has(k)) expect(back.costs[k], `${what} ${k}`).toBe(costs[k]);
      if (p.ranks > 1) expect(back.costs.comm, what).toBe(0.25);
      expect(back.costUnit).toBe('cost');
      expect(back.detailed).toBe(false);
      const again = simulate(back.schedule, back.costs);
      expect(
        again.ops.map((ops) => ops.map((o) => [o.start, o.end])),
        what,
      ).toEqual(t.ops.map((ops) => ops.map((o) => [o.start, o.end])));
    }
  });

  it('a custom order stays custom', () => {
    const csv = '0F0,0F1,0F2,0B0,0B2,0B1\n1F0,1B0,1F1,1F2,1B2,1B1\n';
    const t = importTorchCsv(csv, resolveCosts()).timeline;
    const back = importOpTable(opTableCsv(t));
    expect(back.schedule.name).toBe('custom');
    expect(exportTorchCsv(back.schedule)).toBe(csv);
  });

  it('a detailed-mode table: the op timeline in µs, flagged as without its overlap model', () => {
    const preset = getPreset('deepseek-v3-h800-measured');
    const d = detailedTimeline({ schedule: 'dualpipe', ranks: 4, microbatches: 8 }, preset.model, 20);
    const back = importOpTable(opTableCsv(d, { model: preset.model, commSms: 20, pieces: d.pieces }));
    expect(back).toMatchObject({ costUnit: 'us', detailed: true });
    expect(back.schedule.name).toBe('dualpipe');
    const again = simulate(back.schedule, back.costs);
    again.ops.forEach((ops, r) =>
      ops.forEach((o, i) => {
        expect(o.start).toBeCloseTo(d.ops[r][i].start, 5);
        expect(o.end).toBeCloseTo(d.ops[r][i].end, 5);
      }),
    );
  });

  it('durations that vary per stage come back as per-stage costs: the same timeline, the built-in schedule named', () => {
    for (const params of [
      { schedule: 'zb-v', ranks: 4, microbatches: 8 },
      { schedule: 'dualpipe', ranks: 4, microbatches: 8 },
      { schedule: '1f1b', ranks: 3, microbatches: 6 },
    ] as const) {
      const topo = scheduleTopology(params);
      const S = topo.numStages;
      const costs = resolveStageCosts(
        { F: Array.from({ length: S }, (_, s) => 1 + (s % 3) / 2), I: Array.from({ length: S }, (_, s) => 1 + s / 4), W: 0.5, comm: 0.25 },
        topo,
      );
      const t = simulate(buildSchedule(params, costs), costs);
      const back = importOpTable(opTableCsv(t));
      expect(back.schedule.name).toBe(params.schedule);
      expect(back.costs.perStage?.F).toEqual(costs.perStage!.F);
      expect(simulate(back.schedule, back.costs).ops).toEqual(t.ops);
    }
  });

  it('refuses what it cannot honour, naming the row', () => {
    const costs = resolveCosts();
    const table = opTableCsv(simulate(buildSchedule({ schedule: '1f1b', ranks: 2, microbatches: 2 }, costs), costs));
    const lines = table.trimEnd().split('\n');
    // one F lasting longer than the others
    const uneven = [...lines];
    expect(uneven[2]).toBe('0,0,0,0,1,F,compute,1,2,1,,,2,cost');
    uneven[2] = '0,0,0,0,1,F,compute,1,3,2,,,2,cost';
    expect(rejection(() => importOpTable(uneven.join('\n')))).toMatch(
      /^op table rows 2 and 3: F on stage 0 takes 1 and 2; the app runs one cost per op kind and stage/,
    );
    expect(rejection(() => importOpTable(lines.map((l, i) => (i === 2 ? l.replace(/^0,/, 'x,') : l)).join('\n')))).toBe(
      'op table row 3: rank must be a whole number; got "x"',
    );
    expect(rejection(() => importOpTable(lines[0]))).toMatch(/no op rows/);
    // an F&B half without its partner
    const dp = simulate(buildSchedule({ schedule: 'dualpipe', ranks: 2, microbatches: 4 }, costs), costs);
    const withFb = opTableCsv(dp).split('\n');
    const k = withFb.findIndex((l) => l.includes(',F&B:B,'));
    expect(rejection(() => importOpTable(withFb.filter((_, i) => i !== k).join('\n')))).toMatch(/F&B:F has no matching F&B:B half/);
  });

  it('is recognised by its header only', () => {
    expect(isOpTable('rank,stage,chunk,direction,microbatch,op,lane,start,end,dur,sms,bytes,mem_after,time_unit\n')).toBe(true);
    expect(isOpTable('\uFEFFrank,stage,chunk,direction,microbatch,op,lane,start,end,dur\r\n')).toBe(true);
    expect(isOpTable('0F0,0F1\n1F0\n')).toBe(false);
  });
});

describe('importAny: the app’s own exports', () => {
  const costs = resolveCosts();

  it('an op table becomes a project (custom order inside it when custom), µs when it says so', () => {
    const t = simulate(buildSchedule({ schedule: 'zb-h1', ranks: 4, microbatches: 8 }, costs), costs);
    const r = importAny(opTableCsv(t, undefined, 'us'), costs);
    expect(r).toMatchObject({
      kind: 'project',
      from: 'op table',
      project: { params: { schedule: 'zb-h1', ranks: 4, microbatches: 8 }, costUnit: 'us' },
    });
  });

  it('a PNG is refused as an image; other binaries as binary', () => {
    const png = new TextDecoder().decode(
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
    );
    expect(rejection(() => importAny(png, costs))).toBe(
      'this is an image export (PNG), which holds no parameters; import the SVG or project file instead',
    );
    const jpeg = new TextDecoder().decode(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]));
    expect(rejection(() => importAny(jpeg, costs))).toMatch(/^this is a binary file, not one pipescope reads/);
  });

  it('pipescope’s trace restores its project; a foreign trace stays a profile', async () => {
    const { chromeTrace, traceJson } = await import('./chromeTrace.ts');
    const { makeProject } = await import('./projectFile.ts');
    const t = simulate(buildSchedule({ schedule: 'interleaved-1f1b', ranks: 4, microbatches: 8, stagesPerRank: 3 }, costs), costs);
    const project = makeProject(t.schedule, {}, t.costs);
    const r = importAny(traceJson(chromeTrace(t, { project })), costs);
    expect(r).toMatchObject({ kind: 'project', from: 'trace', project: { params: { schedule: 'interleaved-1f1b', stagesPerRank: 3 } } });
    // a broken project inside says where
    const bad = chromeTrace(t, { project: { ...project, params: { ...project.params, ranks: -1 } } });
    expect(rejection(() => importAny(traceJson(bad), costs))).toMatch(
      /^this pipescope trace's parameters \(otherData.project\) are unreadable/,
    );
    const kineto = readFileSync('fixtures/kineto/synthetic-fb-2layers.json', 'utf8');
    expect(importAny(kineto, costs).kind).toBe('profile');
  });
});
