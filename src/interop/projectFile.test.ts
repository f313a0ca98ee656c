/**
 * Project files: a project survives JSON and SVG round trips and recomputes the same timeline;
 * every field is validated with a message naming it.
 */
import { describe, expect, it } from 'vitest';
import { buildSchedule, resolveCosts, simulate } from '../engine/index.ts';
import { ImportError } from './errors.ts';
import { importProjectText, makeProject, parseProject, projectFromSvg, projectJson, type Project } from './projectFile.ts';
import { isDetailed, projectTimeline } from './projectRun.ts';
import { scheduleSvg } from './svgExport.ts';
import { importTorchCsv } from './torchCsv.ts';

const costs = resolveCosts({ F: 2, comm: 0.5 });

const rejects = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return (e as Error).message;
  }
  throw new Error('expected a rejection');
};

describe('project round trips', () => {
  it('JSON → parse gives the same project and the same timeline', () => {
    const p = makeProject('interleaved-1f1b', { ranks: 4, microbatches: 8, stagesPerRank: 3 }, costs);
    const back = parseProject(projectJson(p));
    expect(back).toEqual(p);
    const t = projectTimeline(back);
    expect(t.ops).toEqual(
      simulate(buildSchedule({ schedule: 'interleaved-1f1b', ranks: 4, microbatches: 8, stagesPerRank: 3 }, costs), costs).ops,
    );
  });

  it('keeps costUnit "us" (plain-mode costs in µs) through JSON', () => {
    const p: Project = {
      ...makeProject('zb-h1', { ranks: 8, microbatches: 24 }, { F: 18522, I: 18086, W: 9337, comm: 601 }),
      costUnit: 'us',
    };
    const text = projectJson(p);
    expect(JSON.parse(text).costUnit).toBe('us');
    expect(parseProject(text)).toEqual(p);
    // absent means unitless cost units
    expect(parseProject(projectJson(makeProject('zb-h1', { ranks: 8, microbatches: 24 }, costs))).costUnit).toBeUndefined();
  });

  it('normalises defaults (stagesPerRank, costs B and FB)', () => {
    const p = parseProject(
      '{"format":"pipescope-project","version":1,"params":{"schedule":"zb-v","ranks":4,"microbatches":8},"costs":{"F":1,"I":2,"W":3}}',
    );
    expect(p.params.stagesPerRank).toBe(2);
    expect(p.costs).toEqual({ F: 1, I: 2, W: 3, B: 5, FB: 6, comm: 0 });
  });

  it('an SVG re-opens with its parameters; the sniffing import takes JSON or SVG', () => {
    const p = makeProject('dualpipe', { ranks: 4, microbatches: 8 }, costs, {
      preset: 'deepseek-v3-h800-measured',
      commSms: 24,
      layers: 2,
    });
    const t = projectTimeline(p);
    expect(isDetailed(t)).toBe(true);
    const svg = scheduleSvg(t, p);
    expect(projectFromSvg(svg)).toEqual(p);
    expect(importProjectText(svg)).toEqual(p);
    expect(importProjectText(projectJson(p))).toEqual(p);
  });

  it('keeps non-preset bandwidths of the detailed mode and recomputes with them', () => {
    const overlap = { preset: 'deepseek-v3-h800-measured', commSms: 24, nvlinkGBps: 80, ibGBps: 20 };
    const p = makeProject('dualpipe', { ranks: 4, microbatches: 8 }, costs, overlap);
    const back = parseProject(projectJson(p));
    expect(back.overlap).toEqual(overlap);
    const slow = projectTimeline(back);
    const preset = projectTimeline({ ...back, overlap: { preset: overlap.preset, commSms: 24 } });
    expect(Math.max(...slow.ops.flat().map((o) => o.end))).toBeGreaterThan(Math.max(...preset.ops.flat().map((o) => o.end)));
    expect(scheduleSvg(slow, back)).toContain('NVLink 80 / IB 20 GB/s');
    expect(rejects(() => parseProject(projectJson({ ...p, overlap: { ...overlap, ibGBps: 0 } })))).toMatch(
      /overlap.ibGBps must be a number of GB\/s/,
    );
  });

  it('keeps a custom schedule as its CSV and recomputes it', () => {
    const csv = '0F0,3F0,3B0,0F1,0B0,3F1,3B1,0B1\n1F0,2F0,2B0,1F1,1B0,2F1,2B1,1B1\n';
    const { schedule, timeline } = importTorchCsv(csv, costs);
    const p = makeProject(schedule, {}, costs);
    expect(p.customCsv).toBe(csv);
    const back = parseProject(projectJson(p));
    expect(projectTimeline(back).ops).toEqual(timeline.ops);
  });
});

const base = (): Record<string, unknown> => JSON.parse(projectJson(makeProject('1f1b', { ranks: 4, microbatches: 8 }, {})));
const withField = (path: string[], value: unknown) => {
  const o = base();
  let cur = o as Record<string, unknown>;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
  if (value === undefined) delete cur[path[path.length - 1]];
  else cur[path[path.length - 1]] = value;
  return JSON.stringify(o);
};

describe('field-by-field validation', () => {
  it.each([
    ['{"format":"pipescope-project","version":1,"params":{"schedule":"1f1b","ranks":4,', /not valid JSON \(it may be truncated\)/],
    ['[1,2]', /must be a JSON object/],
    ['{"traceEvents":[]}', /this is a trace .* import it as a profiler trace/],
    [withField(['format'], 'other'), /"format" must be "pipescope-project"; got "other"/],
    [withField(['version'], 3), /version 3, made by a newer pipescope/],
    [withField(['version'], '1'), /"version" must be a positive whole number/],
    [withField(['params'], undefined), /no "params" object/],
    [
      withField(['params', 'schedule'], '<script>alert(1)</script>'),
      /params.schedule must be one of .*; got "<script>alert\(1\)<\/script>"/,
    ],
    [withField(['params', 'ranks'], 2.5), /params.ranks must be a whole number; got "2.5"/],
    [withField(['params', 'ranks'], 0), /params: ranks must be at least 1; got 0/],
    [withField(['params'], { schedule: 'dualpipe', ranks: 4, microbatches: 6 }), /params: DualPipe needs at least 2P = 8 micro-batches/],
    [
      withField(['params'], { schedule: 'dualpipe', ranks: 4, microbatches: 8, stagesPerRank: 3 }),
      /params: dualpipe runs 2 stage\(s\) per rank/,
    ],
    [withField(['params', 'extra'], 1), /params has an unknown field "extra"/],
    [withField(['costs', 'F'], -1), /costs: cost F must not be negative/],
    [withField(['costs', 'X'], 1), /costs has an unknown field "X"/],
    [withField(['costs'], 'fast'), /"costs" must be an object/],
    [withField(['overlap'], { preset: 'nope', commSms: 20 }), /overlap.preset must be one of/],
    [
      withField(['overlap'], { preset: 'deepseek-v3-h800-measured', commSms: 132 }),
      /overlap.commSms: comm SMs must be less than the GPU's 132 SMs/,
    ],
    [withField(['overlap'], { preset: 'deepseek-v3-h800-measured', commSms: 20, layers: 0 }), /overlap.layers must be 1\.\./],
    [withField(['customCsv'], '0F0'), /"customCsv" is only allowed when params.schedule is "custom"/],
    [withField(['params', 'schedule'], 'custom'), /a custom schedule needs its op order in "customCsv"/],
    [withField(['surprise'], true), /the project has an unknown field "surprise"/],
    [withField(['costUnit'], 'ms'), /project "costUnit" is "us" \(costs in µs\) or absent \(cost units\); got "ms"/],
  ])('%s', (text, message) => {
    const m = rejects(() => parseProject(text));
    expect(m).toMatch(message);
    expect(m).not.toContain('\n');
  });

  it('checks the custom CSV and that it matches the params', () => {
    const p = { ...base(), params: { schedule: 'custom', ranks: 2, microbatches: 1 }, customCsv: '0F0,0X0\n' };
    expect(rejects(() => parseProject(JSON.stringify(p)))).toMatch(/^customCsv: row 1, cell 2: unknown action "0X0"/);
    const q = { ...p, params: { schedule: 'custom', ranks: 3, microbatches: 1 }, customCsv: '0F0,0B0\n1F0,1B0\n' };
    expect(rejects(() => parseProject(JSON.stringify(q)))).toMatch(/customCsv has 2 ranks and 1 micro-batches but params say 3 and 1/);
  });

  it('rejects SVGs without or with broken metadata', () => {
    expect(rejects(() => projectFromSvg('<svg xmlns="http://www.w3.org/2000/svg"></svg>'))).toMatch(/no pipescope parameters/);
    expect(rejects(() => projectFromSvg('<svg><metadata id="pipescope-project">{&quot;format</metadata></svg>'))).toMatch(
      /embedded parameters are unreadable: the project file is not valid JSON/,
    );
  });

  it('accepts a CDATA metadata block written by another tool', () => {
    const p: Project = makeProject('gpipe', { ranks: 2, microbatches: 2 }, {});
    expect(projectFromSvg(`<svg><metadata id="pipescope-project"><![CDATA[${projectJson(p)}]]></metadata></svg>`)).toEqual(p);
  });
});
