/**
 * Malformed inputs against every importer (docs/interop.md §8): truncated JSON, a CSV with an unknown
 * action, a 50 MB file, a label with <script>. Each gives one clear sentence (an ImportError) and
 * touches nothing the caller passed in, so the app's current view stays as it was.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveCosts } from '../engine/index.ts';
import { ImportError } from './errors.ts';
import { importProfilerPair } from './kineto.ts';
import { MAX_IMPORT_BYTES, checkImportSize } from './limits.ts';
import { importProjectText, makeProject, projectJson } from './projectFile.ts';
import { importTorchCsv } from './torchCsv.ts';

const costs = resolveCosts();
const IMPORTERS: [string, (text: string) => unknown][] = [
  ['torch CSV', (t) => importTorchCsv(t, costs)],
  ['project / SVG', importProjectText],
  ['profiler trace', importProfilerPair],
];

const message = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return (e as Error).message;
  }
  throw new Error('expected a rejection');
};

describe.each(IMPORTERS)('%s importer', (_, importer) => {
  it('rejects a 50 MB file by its size, before parsing', () => {
    const big = '0F0,'.repeat(12_500_000);
    expect(big.length).toBe(50_000_000);
    const t = performance.now();
    expect(message(() => importer(big))).toMatch(/is 50\.0 MB; the import limit is 32\.0 MB/);
    // parsing 50 MB would take seconds; the size check answers at once (generous bound for busy CI)
    expect(performance.now() - t).toBeLessThan(2000);
  });

  it('rejects empty input', () => {
    expect(message(() => importer('   \n'))).toMatch(/is empty$/);
  });

  it('quotes a <script> label as data, never executes or drops it silently', () => {
    const m = message(() => importer('<script>alert(1)</script>'));
    expect(m.length).toBeGreaterThan(10);
  });

  it('does not mutate the costs it was given', () => {
    const before = JSON.stringify(costs);
    try {
      importer('{"format":"pipescope-project"');
    } catch {
      // rejected, as expected
    }
    expect(JSON.stringify(costs)).toBe(before);
  });
});

describe('specific messages', () => {
  it('truncated JSON', () => {
    const project = projectJson(makeProject('1f1b', { ranks: 2, microbatches: 2 }, {}));
    expect(message(() => importProjectText(project.slice(0, 40)))).toMatch(/^the project file is not valid JSON \(it may be truncated\)/);
    const trace = readFileSync(new URL('../../fixtures/kineto/synthetic-fb-2layers.json', import.meta.url), 'utf8');
    expect(message(() => importProfilerPair(trace.slice(0, 5000)))).toMatch(
      /^the profiler trace is not valid JSON \(it may be truncated\)/,
    );
  });

  it('a CSV with an unknown action', () => {
    expect(message(() => importTorchCsv('0F0,0B0\n1F0,1Q0', costs))).toBe(
      'row 2, cell 2: unknown action "1Q0"; expected forms like 0F3, 1I2, 0W2, 3B1, (0F3;7B1)OVERLAP_F_B, 1UNSHARD, 3SEND_F1 or an empty cell',
    );
  });

  it('the size check alone (the browser calls it with File.size before reading)', () => {
    expect(() => checkImportSize(MAX_IMPORT_BYTES)).not.toThrow();
    expect(() => checkImportSize(50 * 1024 * 1024, 'trace.json')).toThrow(/^trace\.json is 52\.4 MB; the import limit is 32\.0 MB/);
    expect(() => checkImportSize(NaN)).toThrow(ImportError);
  });
});

describe("importAny (the app's single Import button)", () => {
  it('routes each format to its importer', async () => {
    const { importAny } = await import('./importAny.ts');
    const { scheduleSvg } = await import('./svgExport.ts');
    const { simulate, buildSchedule } = await import('../engine/index.ts');
    const p = makeProject('zb-v', { ranks: 2, microbatches: 4 }, costs);
    expect(importAny(projectJson(p), costs)).toEqual({ kind: 'project', project: p });
    expect(importAny(scheduleSvg(simulate(buildSchedule(p.params as never, costs), costs), p), costs)).toEqual({
      kind: 'project',
      project: p,
    });
    const csv = importAny('0F0,0B0\n1F0,1B0\n', costs);
    expect(csv.kind === 'schedule' && csv.project.customCsv).toBe('0F0,0B0\n1F0,1B0\n');
    const trace = readFileSync(new URL('../../fixtures/kineto/synthetic-fb-2layers.json', import.meta.url), 'utf8');
    const prof = importAny(trace, costs);
    expect(prof.kind === 'profile' && prof.pair?.pieces.layers.length).toBe(2);
    const plain = importAny('{"traceEvents":[{"ph":"X","cat":"kernel","name":"k","pid":0,"tid":7,"ts":0,"dur":1}]}', costs);
    expect(plain.kind === 'profile' && plain.pair === null && plain.pairProblem).toMatch(/needs a compute stream and an all-to-all/);
    expect(message(() => importAny('{"traceEvents": [', costs))).toMatch(/not valid JSON \(it may be truncated\)/);
    expect(message(() => importAny('<script>alert(1)</script>', costs))).toMatch(/no pipescope parameters/);
    expect(message(() => importAny('0F0,0Z0', costs))).toMatch(/unknown action "0Z0"/);
  });
});
