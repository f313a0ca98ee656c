/**
 * Fuzzing every importer with fast-check (≥ 1000 generated inputs each): nothing but ImportError
 * ever escapes, every rejection has a one-line message, and whatever is accepted is usable (a CSV
 * simulates to a valid timeline, a project recomputes, a profile has segments).
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildSchedule, checkTimeline, resolveCosts, simulate } from '../engine/index.ts';
import { ImportError } from './errors.ts';
import { parseKineto } from './kineto.ts';
import { importProjectText, makeProject, projectJson } from './projectFile.ts';
import { scheduleSvg } from './svgExport.ts';
import { exportTorchCsv, importTorchCsv } from './torchCsv.ts';
import { allConfigs } from './testing/configs.ts';

const RUNS = 1200;
const costs = resolveCosts();

/** Runs f; returns 'ok' or 'rejected', failing on any other exception or a bad message. */
function outcome(f: () => void): 'ok' | 'rejected' {
  try {
    f();
    return 'ok';
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    expect(e.message.length).toBeGreaterThan(10);
    expect(e.message).not.toMatch(/[\r\n]/);
    return 'rejected';
  }
}

function tally(name: string, counts: Record<string, number>) {
  // printed so the totals can be quoted; the assertions below keep both outcomes exercised
  console.info(`fuzz ${name}: ${counts.ok} accepted, ${counts.rejected} rejected`);
  expect(counts.ok + counts.rejected).toBeGreaterThanOrEqual(1000);
}

describe('fuzz', () => {
  it('torch CSV importer', () => {
    const counts = { ok: 0, rejected: 0 };
    const token = fc.oneof(
      fc
        .tuple(
          fc.integer({ min: 0, max: 3 }),
          fc.constantFrom('F', 'B', 'I', 'W', 'X', 'UNSHARD', 'SEND_F', ''),
          fc.oneof(fc.integer({ min: 0, max: 3 }).map(String), fc.constant('')),
        )
        .map(([s, k, m]) => `${s}${k}${m}`),
      fc
        .tuple(
          fc.integer({ min: 0, max: 3 }),
          fc.integer({ min: 0, max: 3 }),
          fc.integer({ min: 0, max: 3 }),
          fc.integer({ min: 0, max: 3 }),
        )
        .map(([a, b, c, d]) => `(${a}F${b};${c}B${d})OVERLAP_F_B`),
      fc.constantFrom('', '.', ' ', '"0F0"', '<script>', '(', ')OVERLAP_F_B', '99999999999F0'),
      fc.string({ maxLength: 6 }),
    );
    const row = fc.array(token, { maxLength: 8 }).map((cells) => cells.join(','));
    const file = fc.oneof(
      fc.array(row, { maxLength: 4 }).map((rows) => rows.join('\n')),
      fc.string({ maxLength: 60 }),
    );
    fc.assert(
      fc.property(file, (text) => {
        counts[
          outcome(() => {
            const { timeline } = importTorchCsv(text, costs);
            expect(checkTimeline(timeline)).toEqual([]);
          })
        ]++;
      }),
      { numRuns: RUNS, seed: 5 },
    );
    // plus mutations of legal files: drop, duplicate or swap one cell
    const legal = exportTorchCsv(buildSchedule({ schedule: 'zb-v', ranks: 2, microbatches: 4 }, costs))
      .trim()
      .split('\n')
      .map((r) => r.split(','));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1 }), fc.nat(), fc.nat(), fc.constantFrom('drop', 'dup', 'swap'), (r, i, j, how) => {
        const rows = legal.map((x) => [...x]);
        const a = i % rows[r].length;
        const b = j % rows[r].length;
        if (how === 'drop') rows[r].splice(a, 1);
        else if (how === 'dup') rows[r].splice(a, 0, rows[r][b]);
        else [rows[r][a], rows[r][b]] = [rows[r][b], rows[r][a]];
        counts[outcome(() => importTorchCsv(rows.map((x) => x.join(',')).join('\n'), costs))]++;
      }),
      { numRuns: 500, seed: 6 },
    );
    // legal files of every schedule with random costs: accepted and simulated (Seq1F1B's sequence
    // chunks have no torch action, so it is never written as CSV)
    const configs = allConfigs().filter((p) => p.schedule !== 'seq1f1b');
    fc.assert(
      fc.property(
        fc.constantFrom(...configs),
        fc.double({ min: 0.1, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        (params, F, comm) => {
          const c = resolveCosts({ F, comm });
          counts[outcome(() => expect(checkTimeline(importTorchCsv(exportTorchCsv(buildSchedule(params, c)), c).timeline)).toEqual([]))]++;
        },
      ),
      { numRuns: 300, seed: 11 },
    );
    tally('torch CSV', counts);
    expect(counts.ok).toBeGreaterThan(50);
    expect(counts.rejected).toBeGreaterThan(50);
  });

  it('project JSON importer', () => {
    const counts = { ok: 0, rejected: 0 };
    const good = JSON.parse(projectJson(makeProject('1f1b', { ranks: 2, microbatches: 4 }, {})));
    const paths = [
      ['format'],
      ['version'],
      ['generator'],
      ['params'],
      ['params', 'schedule'],
      ['params', 'ranks'],
      ['params', 'microbatches'],
      ['params', 'stagesPerRank'],
      ['costs'],
      ['costs', 'F'],
      ['costs', 'comm'],
      ['overlap'],
      ['customCsv'],
    ];
    const mutated = fc
      .tuple(
        fc.constantFrom(...paths),
        fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(undefined, 'custom', 'dualpipe', -1, 1e300, 3.5, '<script>')),
      )
      .map(([path, value]) => {
        const o = structuredClone(good);
        let cur = o;
        for (const k of path.slice(0, -1)) cur = typeof cur[k] === 'object' && cur[k] !== null ? cur[k] : (cur[k] = {});
        cur[path[path.length - 1]] = value;
        return JSON.stringify(o) ?? '';
      });
    const text = fc.oneof(
      mutated,
      fc.string({ maxLength: 40 }),
      fc.nat({ max: 150 }).map((n) => projectJson(good as never).slice(0, n)),
    );
    fc.assert(
      fc.property(text, (t) => {
        counts[outcome(() => importProjectText(t))]++;
      }),
      { numRuns: RUNS, seed: 7 },
    );
    tally('project JSON', counts);
    expect(counts.ok).toBeGreaterThan(20);
  });

  it('SVG project importer', () => {
    const counts = { ok: 0, rejected: 0 };
    const t = simulate(buildSchedule({ schedule: 'gpipe', ranks: 2, microbatches: 2 }, costs), costs);
    const svg = scheduleSvg(t, makeProject('gpipe', { ranks: 2, microbatches: 2 }, costs));
    const start = svg.indexOf('<metadata');
    const variants = fc.oneof(
      fc.nat({ max: svg.length }).map((n) => svg.slice(0, n)),
      fc
        .tuple(fc.nat({ max: 400 }), fc.string({ maxLength: 5 }))
        .map(([n, s]) => svg.slice(0, start + n) + s + svg.slice(start + n + s.length)),
      fc.string({ maxLength: 50 }).map((s) => `<svg><metadata id="pipescope-project">${s}</metadata></svg>`),
    );
    fc.assert(
      fc.property(variants, (text) => {
        counts[outcome(() => importProjectText(text))]++;
      }),
      { numRuns: RUNS, seed: 8 },
    );
    tally('SVG', counts);
    expect(counts.ok).toBeGreaterThan(20);
  });

  it('Kineto importer', () => {
    const counts = { ok: 0, rejected: 0 };
    const event = fc.record(
      {
        ph: fc.constantFrom('X', 'X', 'X', 's', 'f', 'M', 'i', 'C'),
        cat: fc.constantFrom('kernel', 'gpu_memset', 'cuda_runtime', 'cuda_driver', 'user_annotation', 'cpu_op', 'ac2g', 7),
        name: fc.oneof(
          fc.constantFrom('attn(F)', 'mlp(B)', 'dispatch(F)', 'combine(B)', 'deep_ep::combine', '<script>'),
          fc.string({ maxLength: 8 }),
        ),
        pid: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constant('Spans')),
        tid: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constant(null)),
        ts: fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.double(), fc.constant('7')),
        dur: fc.oneof(fc.integer({ min: 0, max: 200 }), fc.constant(-5), fc.double()),
        args: fc.oneof(fc.record({ correlation: fc.integer({ min: 0, max: 20 }) }), fc.constant(null), fc.jsonValue({ maxDepth: 1 })),
      },
      { requiredKeys: ['ph'] },
    );
    const file = fc.oneof(
      fc.array(event, { maxLength: 40 }).map((traceEvents) => JSON.stringify({ traceEvents })),
      fc.array(event, { maxLength: 10 }).map((e) => JSON.stringify(e)),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? ''),
      fc.string({ maxLength: 30 }),
    );
    fc.assert(
      fc.property(file, (text) => {
        counts[
          outcome(() => {
            const p = parseKineto(text);
            for (const s of p.streams) for (const g of s.segments) expect(g.kernels).toBeGreaterThan(0);
          })
        ]++;
      }),
      { numRuns: RUNS, seed: 9 },
    );
    const fixture = readFileSync(new URL('../../fixtures/kineto/synthetic-fb-2layers.json', import.meta.url), 'utf8');
    fc.assert(
      fc.property(fc.nat({ max: fixture.length }), (n) => {
        counts[outcome(() => parseKineto(fixture.slice(0, n)))]++;
      }),
      { numRuns: 200, seed: 10 },
    );
    tally('Kineto', counts);
    expect(counts.ok).toBeGreaterThan(20);
    expect(counts.rejected).toBeGreaterThan(20);
  });
});
