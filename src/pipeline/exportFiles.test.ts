/**
 * The Export menu's files: the SVG and trace equal the CLI's output for the same parameters and
 * costs (the command runs in-process), the CSV and project re-import to the same view, and the
 * detailed mode carries its pieces and overlap settings (bandwidths included).
 */
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main.ts';
import { captureOutput } from '../cli/testing/capture.ts';
import { getPreset } from '../engine/overlap/index.ts';
import { importProjectText, importTorchCsv, isDetailed, projectTimeline } from '../interop/index.ts';
import { DEFAULT_PARAMS, type Params } from '../store/params.ts';
import { getPalette } from '../render/palette.ts';
import { DEFAULT_EXPORT_VIEW, exportProject, exportText, overlapOf, svgOptionsOf, type ExportView } from './exportFiles.ts';
import { paramsFromProject } from '../app/importFile.ts';
import { runEngine, type EngineOk } from './runEngine.ts';

const out = captureOutput();

const ok = (p: Params): EngineOk => {
  const r = runEngine(p);
  if (!r.ok) throw new Error(r.error);
  return r;
};

const cli = async (...argv: string[]) => {
  expect(await main(argv)).toBe(0);
  return out.stdout;
};

describe('exports equal the CLI', () => {
  it.each([
    ['dualpipe', 8, 20, 'F=1,I=1,W=1,comm=0', {}],
    ['zb-v', 4, 8, 'F=1.5,I=1,W=0.5,comm=0.25', { F: 1.5, W: 0.5, comm: 0.25 }],
    ['interleaved-1f1b', 4, 8, 'F=2,I=1,W=1,B=3.5,FB=4', { F: 2, B: 3.5, FB: 4, stagesPerRank: 3 }],
  ] as const)('%s P=%i M=%i costs %s: SVG and trace', async (schedule, ranks, microbatches, costs, patch) => {
    // the CLI's costs are per stage
    const r = ok({ ...DEFAULT_PARAMS, basis: 'stage', schedule, ranks, microbatches, ...patch });
    const v = 'stagesPerRank' in patch ? ['--stages-per-rank', String(patch.stagesPerRank)] : [];
    const args = [
      'schedule',
      '--schedule',
      schedule,
      '--ranks',
      String(ranks),
      '--microbatches',
      String(microbatches),
      ...v,
      '--costs',
      costs,
    ];
    const svg = exportText('svg', r);
    expect(svg.name).toBe(`pipescope-${schedule}-p${ranks}-m${microbatches}.svg`);
    expect(svg.text).toBe(await cli(...args, '--format', 'svg'));
    out.stdout = '';
    expect(exportText('trace', r).text).toBe(await cli(...args, '--format', 'trace'));
    out.stdout = '';
    expect(exportText('csv', r).text).toBe(await cli(...args, '--format', 'csv'));
  });
});

describe('the SVG follows the view', () => {
  const r = ok({ ...DEFAULT_PARAMS, schedule: 'dualpipe', ranks: 4, microbatches: 8 });
  const cmp = ok({ ...DEFAULT_PARAMS, schedule: '1f1b', ranks: 4, microbatches: 8 });
  const svg = (view: Partial<ExportView>) => exportText('svg', r, { ...DEFAULT_EXPORT_VIEW, ...view }).text;

  it('the default view adds no options: the CLI’s file', () => {
    expect(svgOptionsOf(r, DEFAULT_EXPORT_VIEW)).toEqual({});
    expect(svg({})).toBe(exportText('svg', r).text);
  });

  it('theme, palette, window, highlight and comparison each change the file as the screen changes', () => {
    const base = svg({});
    expect(svg({ theme: 'dark' })).toContain(`fill="${getPalette('cb', 'dark').background}"`);
    expect(svg({ palette: 'paper' })).toContain(`fill="${getPalette('paper', 'light').fill.F[0]}"`);
    expect(svg({ domain: [0, 5] }).match(/<g class="op /g)!.length).toBeLessThan(base.match(/<g class="op /g)!.length);
    expect(svg({ microbatch: 2 })).toContain('data-arrow=');
    expect(base).not.toContain('data-arrow=');
    const both = svg({ compare: cmp });
    expect(both).toContain('data-chart="1"');
    expect(both).toContain('compare: 1F1B');
  });
});

describe('round trips', () => {
  it('the CSV imports to the same op order and times', () => {
    const r = ok({ ...DEFAULT_PARAMS, schedule: 'zb-h1', ranks: 4, microbatches: 8, comm: 0.5 });
    const f = exportText('csv', r);
    expect([f.name, f.type]).toEqual(['pipescope-zb-h1-p4-m8.csv', 'text/csv']);
    expect(importTorchCsv(f.text, r.timeline.costs).timeline.ops).toEqual(r.timeline.ops);
  });

  it('the project restores the same parameters (B and FB "auto" stay auto)', () => {
    const p: Params = {
      ...DEFAULT_PARAMS,
      basis: 'stage',
      schedule: 'interleaved-1f1b',
      ranks: 4,
      microbatches: 8,
      stagesPerRank: 3,
      F: 2,
      comm: 0.5,
      FB: 5,
    };
    const f = exportText('project', ok(p));
    expect(f.name).toBe('pipescope-interleaved-1f1b-p4-m8.pipescope.json');
    expect(f.text.endsWith('}\n')).toBe(true);
    expect(paramsFromProject(DEFAULT_PARAMS, importProjectText(f.text))).toEqual(p);
  });

  it('the SVG embeds the project: importing it restores the parameters', () => {
    const p: Params = { ...DEFAULT_PARAMS, basis: 'stage', schedule: 'zb-v', ranks: 4, microbatches: 8, W: 0.5 };
    expect(paramsFromProject({ ...DEFAULT_PARAMS, compare: '1f1b' }, importProjectText(exportText('svg', ok(p)).text))).toEqual({
      ...p,
      stagesPerRank: 2,
      compare: '1f1b',
    });
  });
});

describe('detailed mode', () => {
  const base: Params = { ...DEFAULT_PARAMS, basis: 'stage', schedule: 'dualpipe', ranks: 4, microbatches: 8, detailed: true };

  it('records only the overlap settings that differ from the preset', () => {
    const model = getPreset(base.hw).model;
    expect(overlapOf(ok(base))).toEqual({ preset: base.hw, commSms: model.defaultCommSms });
    const changed = { ...base, commSms: 24, layers: 2, nvlink: 100, ib: 25 };
    expect(overlapOf(ok(changed))).toEqual({ preset: base.hw, commSms: 24, layers: 2, nvlinkGBps: 100, ibGBps: 25 });
    expect(overlapOf(ok({ ...base, detailed: false }))).toBeUndefined();
  });

  it('the project recomputes the same timeline, bandwidths included', () => {
    const p = { ...base, commSms: 24, nvlink: 100, ib: 25 };
    const r = ok(p);
    const project = exportProject(r);
    const t = projectTimeline(project);
    expect(isDetailed(t)).toBe(true);
    expect(t.ops).toEqual(r.timeline.ops);
    expect(paramsFromProject(DEFAULT_PARAMS, project)).toEqual(p);
  });

  it('the SVG has the chart’s lanes on the app’s ms axis; the trace carries the pieces, in µs', () => {
    const r = ok(base);
    const svg = exportText('svg', r).text;
    expect(svg).toContain('class="comm-envelope"');
    expect(svg).toContain('data-piece="send(F)"');
    expect(svg).toContain('font-style="italic">ms</text>');
    const trace = JSON.parse(exportText('trace', r).text) as {
      traceEvents: { name: string; ph: string; dur?: number }[];
      otherData: { timeUnit: string };
    };
    expect(trace.otherData.timeUnit).toBe('1 cost unit = 1 µs');
    expect(trace.traceEvents.some((e) => e.ph === 'X' && e.name === 'attn(F)')).toBe(true);
    expect(trace.traceEvents.some((e) => e.ph === 'X' && e.name.startsWith('combine'))).toBe(true);
  });

  it('the op table has the pieces with the panel’s SM split and the model’s bytes (bandwidths applied)', () => {
    const p = { ...base, commSms: 24, ib: 40 };
    const r = ok(p);
    const rows = exportText('table', r)
      .text.trimEnd()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const sms = getPreset(p.hw).model.hardware.sms;
    const a2a = rows.filter((c) => c[6] === 'a2a');
    expect(a2a.length).toBeGreaterThan(0);
    expect(a2a.every((c) => c[10] === '24' && Number(c[11]) > 0)).toBe(true);
    expect(rows.filter((c) => c[6] === 'compute').every((c) => c[10] === String(sms - 24))).toBe(true);
    // the rows' times are the chart's (µs): one row per op half, the last ending at the makespan
    const opRows = rows.filter((c) => c[6] === 'compute' && !c[5].includes('@'));
    expect(opRows).toHaveLength(r.timeline.ops.flat().reduce((n, o) => n + (o.op.kind === 'FB' ? 2 : 1), 0));
    expect(Math.max(...opRows.map((c) => Number(c[8])))).toBeCloseTo(r.metrics.makespan, 5);
  });
});

describe('costs in the share basis and per stage', () => {
  it('a project holds the per-stage costs the engine ran: re-opened in the stage basis, the same timeline', () => {
    const cases: Params[] = [
      { ...DEFAULT_PARAMS, schedule: 'zb-v', ranks: 4, microbatches: 8 },
      { ...DEFAULT_PARAMS, schedule: 'dualpipev', ranks: 4, microbatches: 8, stageCosts: 'F:1,2,1,3;mF:1,1,2,2' },
      { ...DEFAULT_PARAMS, schedule: 'seq1f1b', ranks: 4, microbatches: 8, seqSplits: 3, stageCosts: 'W:1,0.5,0.5,1' },
      { ...DEFAULT_PARAMS, schedule: 'zb-v', ranks: 4, microbatches: 8, detailed: true, stageCosts: 'F:1,2,1,1' },
    ];
    for (const p of cases) {
      const r = ok(p);
      const back = paramsFromProject(DEFAULT_PARAMS, importProjectText(exportText('project', r).text));
      expect(back.basis).toBe('stage');
      const again = ok(back);
      expect(again.timeline.ops).toEqual(r.timeline.ops);
      expect(again.metrics.peakActivations).toEqual(r.metrics.peakActivations);
      expect(projectTimeline(exportProject(r)).ops).toEqual(r.timeline.ops);
    }
  });
});

describe('a custom schedule', () => {
  it('exports as "custom" with its op order in the project', () => {
    const csv = '0F0,3F0,3B0,0F1,0B0,3F1,3B1,0B1\n1F0,2F0,2B0,1F1,1B0,2F1,2B1,1B1\n';
    const { schedule } = importTorchCsv(csv, { F: 1, I: 1, W: 1, B: 2, FB: 3, comm: 0 });
    const r = runEngine(DEFAULT_PARAMS, schedule);
    if (!r.ok) throw new Error(r.error);
    expect(r.schedule).toBe('custom');
    expect(exportText('csv', r).text).toBe(csv);
    const project = exportProject(r);
    expect(project).toMatchObject({ params: { schedule: 'custom', ranks: 2, microbatches: 2, stagesPerRank: 2 }, customCsv: csv });
    expect(exportText('svg', r).name).toBe('pipescope-custom-p2-m2.svg');
  });
});
