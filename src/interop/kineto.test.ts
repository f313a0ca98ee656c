/**
 * Kineto import: the synthetic fixture (fixtures/kineto, expectations written by its generator)
 * and, when present locally, DeepSeek's real trace against fixtures/golden/deepseek-profile (per-piece
 * durations within 1%). The DeepSeek file is never copied into the repository (no license).
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { H800_TRACE_LAYERS } from '../engine/overlap/index.ts';
import { ImportError } from './errors.ts';
import { importProfilerPair, pairPieces, parseKineto } from './kineto.ts';

const FIXTURE = new URL('../../fixtures/kineto/synthetic-fb-2layers.json', import.meta.url);
const EXPECTED = JSON.parse(readFileSync(new URL('../../fixtures/kineto/synthetic-fb-2layers.expected.json', import.meta.url), 'utf8'));
const DEEPSEEK = new URL('../../../shared/data/deepseek-profile-train.json', import.meta.url);
const GOLDEN = JSON.parse(
  readFileSync(new URL('../../fixtures/golden/deepseek-profile/train_fb_overlap_4layers.json', import.meta.url), 'utf8'),
);

const rejects = (text: string) => {
  try {
    importProfilerPair(text);
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return (e as Error).message;
  }
  throw new Error('expected a rejection');
};

describe('synthetic Kineto trace', () => {
  const text = readFileSync(FIXTURE, 'utf8');
  const profile = parseKineto(text);

  it('groups kernels by stream and launching annotation (any CPU thread), memsets included', () => {
    expect(profile.t0).toBe(EXPECTED.t0);
    expect(profile.traceName).toBe('synthetic-fb-2layers');
    expect(profile.deviceName).toBe('Synthetic H800');
    const got = Object.fromEntries(
      profile.streams.map((s) => [String(s.stream), s.segments.map((g) => [g.op, g.start, g.end, g.busy, g.kernels])]),
    );
    expect(got).toEqual(EXPECTED.segments);
    expect(Object.fromEntries(profile.streams.map((s) => [String(s.stream), s.role]))).toEqual(EXPECTED.roles);
  });

  it('gives per-layer pieces (forward layers up, backward down) and the simulated pair', () => {
    const pair = pairPieces(profile);
    expect(pair.pieces.layers).toEqual(EXPECTED.layers);
    expect(pair.measured.compute).toHaveLength(2 * 6);
    expect(pair.measured.comm).toHaveLength(2 * 4);
    expect(pair.measured.compute[0].start).toBe(0);
    expect(pair.simulated.kind).toBe('FB');
    expect(pair.simulated.span).toBeGreaterThan(0);
    expect(pair.span).toBeGreaterThan(0);
  });

  it('accepts the JSON array form and traces without annotations', () => {
    const arr = JSON.stringify(JSON.parse(text).traceEvents.filter((e: { cat?: string }) => e.cat !== 'user_annotation'));
    const p = parseKineto(arr);
    expect(p.streams.every((s) => s.segments.every((g) => g.op === '(unannotated)'))).toBe(true);
    expect(() => pairPieces(p)).toThrow(/no "attn\(F\)" annotation found/);
  });
});

describe('malformed profiler traces', () => {
  const text = readFileSync(FIXTURE, 'utf8');
  it.each([
    [text.slice(0, text.length / 2), /not valid JSON \(it may be truncated\)/],
    ['{"schemaVersion":1}', /no "traceEvents" array/],
    ['{"traceEvents":[{"ph":"X","cat":"cpu_op","name":"x","pid":1,"tid":1,"ts":0,"dur":1}]}', /no GPU kernels/],
    ['', /the profiler trace is empty/],
    [
      '{"traceEvents":[{"ph":"X","cat":"kernel","name":"<script>alert(1)</script>","pid":0,"tid":7,"ts":0,"dur":1}]}',
      /needs a compute stream and an all-to-all/,
    ],
  ])('%#', (input, message) => {
    expect(rejects(input)).toMatch(message);
  });

  it('reports a layer count mismatch in words', () => {
    const t = JSON.parse(text);
    let dropped = false;
    t.traceEvents = t.traceEvents.filter((e: { cat?: string; name?: string }) => {
      if (!dropped && e.cat === 'user_annotation' && e.name === 'mlp(B)') return !(dropped = true);
      return true;
    });
    // the kernels of the dropped annotation now belong to the enclosing ProfilerStep range
    expect(rejects(JSON.stringify(t))).toMatch(
      /the trace has 2 attn\(F\) but 1 "mlp\(B\)" segments on the compute stream; expected one per layer/,
    );
  });
});

describe.skipIf(!existsSync(DEEPSEEK))("DeepSeek's profile-data train.json (local check; the file is not in the repository)", () => {
  // vitest still runs a skipped describe's body to collect its tests, so read only when present.
  const { profile, pair } = existsSync(DEEPSEEK)
    ? importProfilerPair(readFileSync(DEEPSEEK, 'utf8'))
    : ({} as ReturnType<typeof importProfilerPair>);

  it('finds the compute (7), side compute (23) and all-to-all (27) streams', () => {
    expect(profile.deviceName).toBe('NVIDIA H800');
    expect(profile.streams.map((s) => [s.stream, s.role])).toEqual([
      [7, 'compute'],
      [23, 'compute-side'],
      [27, 'comm'],
    ]);
  });

  it('matches golden/deepseek-profile segment by segment, per-piece durations within 1%', () => {
    let worst = 0;
    for (const s of profile.streams) {
      const golden = GOLDEN.streams[String(s.stream)].segments as [string, number, number, number, number][];
      expect(s.segments.map((g) => g.op)).toEqual(golden.map((g) => g[0]));
      s.segments.forEach((g, i) => {
        const [, a, b] = golden[i];
        worst = Math.max(worst, Math.abs(g.end - g.start - (b - a)) / (b - a));
      });
    }
    expect(worst).toBeLessThanOrEqual(0.01);
  });

  it('per-layer pieces equal the measured preset and the mean spans of the golden summary', () => {
    expect(pair.pieces.layers).toEqual(H800_TRACE_LAYERS);
    for (const [key, mean] of Object.entries(GOLDEN.mean_span_per_layer_us as Record<string, number>)) {
      const [piece, stream] = key.split('@stream');
      const segs = profile.streams.find((s) => String(s.stream) === stream)!.segments.filter((g) => g.op === piece);
      const ours = segs.reduce((n, g) => n + g.end - g.start, 0) / segs.length;
      expect(Math.abs(ours - mean) / mean).toBeLessThanOrEqual(0.01);
    }
    expect(pair.span).toBe(129_012);
    // docs/overlap.md §3: the model's replay of the measured pieces is within 1% of the measured pair
    expect(Math.abs(pair.simulated.span - pair.span) / pair.span).toBeLessThanOrEqual(0.01);
  });
});
