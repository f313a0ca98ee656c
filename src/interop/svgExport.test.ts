/**
 * The exported SVG, checked independently of the renderer: it parses as XML (jsdom's DOMParser),
 * is standalone (xmlns, viewBox, no external references, no script), draws one group per op with
 * the op's data attributes, escapes every text, is deterministic, re-opens (metadata), and the CLI
 * writes byte-for-byte what the app's export function returns for the same parameters. (That the
 * figure is the screen's is src/render/figure.test.tsx; how it looks, src/render/golden.test.ts.)
 */
import { JSDOM } from 'jsdom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SCHEDULE_NAMES, buildSchedule, resolveCosts, simulate } from '../engine/index.ts';
import type { Timeline } from '../engine/index.ts';
import { detailedTimeline, getPreset } from '../engine/overlap/index.ts';
import { main } from '../cli/main.ts';
import { makeProject, projectFromSvg } from './projectFile.ts';
import { importTorchCsv } from './torchCsv.ts';
import { scheduleSvg, svgFileName } from './svgExport.ts';
import { layoutTimeline } from '../render/layout.ts';
import { overLimitOps } from '../render/overLimit.ts';
import { rowLayout } from '../render/rows.ts';
import { timeScale } from '../render/scales.ts';
import { memoryMarkPx } from '../render/shapes.ts';
import { allConfigs } from './testing/configs.ts';

const { DOMParser } = new JSDOM('').window;
const SVG_NS = 'http://www.w3.org/2000/svg';

function parse(svg: string): Document {
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const err = doc.getElementsByTagName('parsererror')[0];
  if (err) throw new Error(`not XML: ${err.textContent}`);
  return doc;
}

function standalone(svg: string, doc: Document): void {
  const root = doc.documentElement;
  expect(root.namespaceURI).toBe(SVG_NS);
  expect(root.getAttribute('viewBox')).toMatch(/^0 0 \d+(\.\d+)? \d+(\.\d+)?$/);
  expect(root.getAttribute('font-family')).toMatch(/sans-serif$/);
  expect(doc.getElementsByTagName('title')[0].textContent).not.toBe('');
  expect(doc.getElementsByTagName('script')).toHaveLength(0);
  expect(doc.getElementsByTagName('style')).toHaveLength(0);
  for (const el of Array.from(doc.getElementsByTagName('*'))) {
    for (const a of Array.from(el.attributes)) {
      expect(a.name).not.toMatch(/href|src|^on/i);
      // in-document references (hatch, arrowheads, clip paths) only
      expect(a.value).not.toMatch(/url\((?!#[\w-]+\))|javascript:/i);
    }
  }
  // every http(s) reference is the namespace declaration
  expect(svg.match(/https?:\/\//g)).toEqual(['http://']);
  // numbers rounded to 3 decimals
  for (const m of svg.matchAll(/="(-?\d+\.\d+)"/g)) expect(m[1].split('.')[1].length).toBeLessThanOrEqual(3);
}

const opCount = (t: Timeline) => t.ops.reduce((n, r) => n + r.length, 0);
const costs = resolveCosts();

describe('scheduleSvg', () => {
  const picks = SCHEDULE_NAMES.map((name) =>
    allConfigs()
      .filter((c) => c.schedule === name)
      .at(-1)!,
  );
  it.each(picks.map((p) => [`${p.schedule} P=${p.ranks} M=${p.microbatches}`, p] as const))(
    '%s: XML, standalone, one group per op with its data',
    (_, params) => {
      const t = simulate(buildSchedule(params, costs), costs);
      const project = makeProject(params.schedule, params, costs);
      const svg = scheduleSvg(t, project);
      const doc = parse(svg);
      standalone(svg, doc);
      const rects = Array.from(doc.querySelectorAll('g.op'));
      expect(rects).toHaveLength(opCount(t));
      const seen = rects.map((r) =>
        [r.getAttribute('data-rank'), r.getAttribute('data-kind'), r.getAttribute('data-stage'), r.getAttribute('data-microbatch')].join(
          ' ',
        ),
      );
      const expected = t.ops.flatMap((ops, r) =>
        ops.map(({ op }) =>
          [r, op.kind, op.kind === 'FB' ? op.forward.stage : op.stage, op.kind === 'FB' ? op.forward.microbatch : op.microbatch].join(' '),
        ),
      );
      expect(seen.sort()).toEqual(expected.sort());
      expect(svg).toBe(scheduleSvg(t, project));
      expect(projectFromSvg(svg)).toEqual(project);
      expect(doc.querySelector('.legend')).not.toBeNull();
      expect(doc.querySelectorAll('.rank-label')).toHaveLength(params.ranks);
      expect(doc.querySelector('.caption')!.textContent).toMatch(/^makespan \d/);
      expect(doc.querySelectorAll('.axis line').length).toBeGreaterThan(2);
    },
  );

  it('marks the ops that push their rank past its memory limit, with the geometry the chart draws them with', () => {
    const params = { schedule: '1f1b' as const, ranks: 4, microbatches: 8 };
    const t = simulate(buildSchedule(params, costs), costs);
    const project = makeProject(params.schedule, params, costs);
    const layout = layoutTimeline(t);
    const rows = rowLayout(layout.ranks, false);
    const x = timeScale([0, layout.makespan], 1200);
    // 1F1B rank 0 holds 4 A and rank 1 3 A: a limit of 3 on every rank, and a limit on rank 1 only
    for (const [limits, wantRanks] of [
      [[3, 3, 3, 3], [0]],
      [[Infinity, 2, Infinity, Infinity], [1]],
    ] as const) {
      const over = overLimitOps(t, layout, limits);
      expect([...new Set(over.map((i) => layout.buf.rank[i]))]).toEqual(wantRanks);
      const doc = parse(scheduleSvg(t, project, { memLimits: limits }));
      const marks = Array.from(doc.querySelectorAll('g.chart[data-chart="0"] g.mem-over rect'));
      expect(marks).toHaveLength(over.length);
      expect(doc.querySelector('.caption')!.textContent).toContain(`· ${over.length} ops past the memory limit (marked)`);
      const want = over.map((i) => memoryMarkPx(layout.buf.start[i]!, layout.buf.end[i]!, layout.buf.rank[i]!, x, rows)!);
      expect(marks.map((m) => ['x', 'y', 'width', 'height'].map((a) => Number(m.getAttribute(a))))).toEqual(
        want.map((b) => [b.x, b.y, b.w, b.h].map((v) => Math.round(v * 1000) / 1000)),
      );
    }
    // without a limit, or under it, no marks
    expect(parse(scheduleSvg(t, project)).querySelector('g.mem-over')).toBeNull();
    expect(parse(scheduleSvg(t, project)).querySelector('.caption')!.textContent).not.toContain('memory limit');
    expect(parse(scheduleSvg(t, project, { memLimits: [4, 4, 4, 4] })).querySelector('g.mem-over')).toBeNull();
  });

  it('renders a <script> title and odd characters as text, never as markup', () => {
    const t = simulate(buildSchedule({ schedule: 'gpipe', ranks: 2, microbatches: 2 }, costs), costs);
    const title = `<script>alert("x")</script> & ' \u0001 ]]>`;
    const svg = scheduleSvg(t, makeProject('gpipe', { ranks: 2, microbatches: 2 }, costs), { title });
    const doc = parse(svg);
    standalone(svg, doc);
    expect(doc.getElementsByTagName('title')[0].textContent).toBe(title.replace('\u0001', ''));
    expect(svg).not.toContain('<script');
  });

  it('draws a custom (imported) schedule and keeps its CSV in the metadata', () => {
    const csv = '0F0,0F1,3F0,3B0,0B0,3F1,3B1,0B1\n1F0,2F0,1F1,2B0,2F1,1B0,2B1,1B1\n';
    const t = importTorchCsv(csv, costs).timeline;
    const project = makeProject(t.schedule, {}, costs);
    const svg = scheduleSvg(t, project);
    standalone(svg, parse(svg));
    expect(parse(svg).querySelector('.chart-title')!.textContent).toMatch(/^Custom \(imported\)P=2 · M=2/);
    const back = projectFromSvg(svg);
    expect(back.params.schedule).toBe('custom');
    expect(back.customCsv).toBe(csv);
    expect(svgFileName(back)).toBe('pipescope-custom-p2-m2.svg');
  });

  it('draws the detailed mode’s all-to-all and PP lanes, and an op’s pieces once it is wide enough', () => {
    const dt = detailedTimeline({ schedule: 'dualpipe', ranks: 4, microbatches: 16 }, getPreset('deepseek-v3-h800-measured').model, 20);
    const project = makeProject('dualpipe', { ranks: 4, microbatches: 16 }, dt.costs, { preset: 'deepseek-v3-h800-measured', commSms: 20 });
    const svg = scheduleSvg(dt, project);
    const doc = parse(svg);
    standalone(svg, doc);
    expect(doc.querySelectorAll('g.op')).toHaveLength(opCount(dt));
    // whole schedule at 1200 px: collapsed ops, each with its comm envelope; sends on the PP lane
    expect(doc.querySelectorAll('.streams rect.comm-envelope').length).toBeGreaterThan(0);
    expect(doc.querySelector('g.op.expanded')).toBeNull();
    expect(doc.querySelectorAll('.streams rect[data-piece^="send"]').length).toBeGreaterThan(0);
    expect(doc.querySelector('.axis text')!.textContent).toBe('ms');
    // zoomed onto the first op: it opens into its compute and all-to-all pieces
    const first = dt.ops[0][0];
    const zoomed = parse(scheduleSvg(dt, project, { domain: [first.start, first.end] }));
    expect(zoomed.querySelector('g.op.expanded rect[data-piece^="attn"]')).not.toBeNull();
    expect(zoomed.querySelector('.streams rect[data-piece^="dispatch"]')).not.toBeNull();
  });

  it('names files pipescope-<schedule>-p<P>-m<M>.svg', () => {
    expect(svgFileName(makeProject('dualpipe', { ranks: 8, microbatches: 20 }, {}))).toBe('pipescope-dualpipe-p8-m20.svg');
    expect(svgFileName({ schedule: 'zb-v', ranks: 4, microbatches: 8, stagesPerRank: 2 }, 'png')).toBe('pipescope-zb-v-p4-m8.png');
  });

  it('rejects an absurd width', () => {
    const t = simulate(buildSchedule({ schedule: 'gpipe', ranks: 1, microbatches: 1 }, costs), costs);
    expect(() => scheduleSvg(t, makeProject('gpipe', { ranks: 1, microbatches: 1 }, costs), { width: NaN })).toThrow(/width/);
  });
});

describe('the CLI writes the same bytes as the app export', () => {
  let stdout = '';
  beforeEach(() => {
    stdout = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  });
  afterEach(() => vi.restoreAllMocks());

  it.each([
    ['dualpipe', 8, 20, undefined, 'F=1,B=2,comm=0'],
    ['interleaved-1f1b', 4, 8, 2, 'F=1.5,I=1,W=0.5,comm=0.25'],
    ['zb-v', 4, 8, undefined, ''],
  ] as const)('%s P=%i M=%i', async (schedule, ranks, microbatches, v, costText) => {
    const argv = ['schedule', '--schedule', schedule, '--ranks', String(ranks), '--microbatches', String(microbatches), '--format', 'svg'];
    if (v) argv.push('--stages-per-rank', String(v));
    if (costText) argv.push('--costs', costText);
    expect(await main(argv)).toBe(0);
    // what the app does: its params and costs → engine → export function
    const c = resolveCosts(
      Object.fromEntries(
        costText
          .split(',')
          .filter(Boolean)
          .map((kv) => [kv.split('=')[0], Number(kv.split('=')[1])]),
      ),
    );
    const params = { schedule, ranks, microbatches, stagesPerRank: v };
    const appSvg = scheduleSvg(simulate(buildSchedule(params, c), c), makeProject(schedule, params, c));
    expect(stdout).toBe(appSvg);
  });
});
