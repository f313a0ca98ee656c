/**
 * The F&B pair DAG against the measured H800 trace and against an independent replay.
 * Expected values come from the golden file or from a hand-written replay that walks the
 * per-step order of docs/overlap.md §3 directly (no DAG, no queues).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkSpan, replayPair, runChunk } from './chunk.ts';
import type { ChunkPieces, LayerPieces } from './pieces.ts';
import { LAYER_PIECES } from './pieces.ts';
import { H800_TRACE_LAYERS } from './presets.ts';

const here = dirname(fileURLToPath(import.meta.url));
const golden = JSON.parse(readFileSync(join(here, '../../../fixtures/golden/deepseek-profile/train_fb_overlap_4layers.json'), 'utf8')) as {
  streams: Record<string, { segments: [string, number, number, number, number][] }>;
};

/** Per-layer durations (end − start) from the trace: step k = forward layer k, backward layer L−1−k. */
function traceLayers(): LayerPieces[] {
  const L = 4;
  const layers = Array.from({ length: L }, () => ({}) as LayerPieces);
  for (const tid of ['7', '27']) {
    const perName = new Map<string, number>();
    for (const [name, start, end] of golden.streams[tid].segments) {
      const k = perName.get(name) ?? 0;
      perName.set(name, k + 1);
      const layer = name.endsWith('(F)') ? k : L - 1 - k;
      layers[layer][name as keyof LayerPieces] = end - start;
    }
  }
  return layers;
}

/** Straightforward replay of the pair, step by step, in one hand-checked topological order. */
function handReplayPair(p: ChunkPieces): { span: number; computeEnd: number } {
  const L = p.layers.length;
  const end = new Map<string, number>();
  const e = (n: string, l: number) => end.get(`${n}${l}`) ?? 0;
  let tc = 0;
  let tm = 0;
  const run = (stream: 'c' | 'm', name: string, layer: number, after: number) => {
    const s = Math.max(stream === 'c' ? tc : tm, after);
    const f = s + p.layers[layer][name as keyof LayerPieces];
    end.set(`${name}${layer}`, f);
    if (stream === 'c') tc = f;
    else tm = f;
  };
  for (let k = 0; k < L; k++) {
    const i = k;
    const j = L - 1 - k;
    run('m', 'combine(B)', j, j < L - 1 ? e('attn(B)', j + 1) : 0);
    run('c', 'attn(F)', i, i > 0 ? e('combine(F)', i - 1) : 0);
    run('c', 'mlp(B)', j, e('combine(B)', j));
    run('m', 'dispatch(F)', i, e('attn(F)', i));
    run('m', 'dispatch(B)', j, e('mlp(B)', j));
    run('c', 'mlp(W)', j, 0);
    run('c', 'mlp(F)', i, e('dispatch(F)', i));
    run('m', 'combine(F)', i, e('mlp(F)', i));
    run('c', 'attn(B)', j, e('dispatch(B)', j));
    run('c', 'attn(W)', j, 0);
  }
  let span = Math.max(tc, tm);
  let tp = 0;
  if (p.pp['send(F)'] > 0 || p.pp['send(B)'] > 0) {
    tp = Math.max(tp, e('combine(F)', L - 1)) + p.pp['send(F)'];
    tp = Math.max(tp, e('attn(B)', 0)) + p.pp['send(B)'];
    span = Math.max(span, tp);
  }
  return { span, computeEnd: tc };
}

const noPp = { 'send(F)': 0, 'send(B)': 0 };

describe('pair model vs the measured H800 trace (4 layers)', () => {
  const measuredStart = Math.min(...Object.values(golden.streams).flatMap((s) => s.segments.map((x) => x[1])));
  const measuredEnd = Math.max(...Object.values(golden.streams).flatMap((s) => s.segments.map((x) => x[2])));
  const measured = measuredEnd - measuredStart;

  it('the preset table is the trace, piece by piece', () => {
    expect(H800_TRACE_LAYERS).toEqual(traceLayers());
  });

  it('replaying the per-piece durations gives the measured span within 1%', () => {
    expect(measured).toBe(129012);
    const pair = replayPair({ layers: traceLayers(), pp: noPp });
    expect(Math.abs(pair.span - measured) / measured).toBeLessThan(0.01);
    expect(pair.span).toBe(handReplayPair({ layers: traceLayers(), pp: noPp }).span);
  });

  it('communication is hidden: the compute stream waits under 2% of the span, as in the trace', () => {
    const pair = replayPair({ layers: traceLayers(), pp: noPp });
    const computeSum = traceLayers().reduce(
      (a, l) => a + l['attn(F)'] + l['mlp(F)'] + l['attn(B)'] + l['mlp(B)'] + l['attn(W)'] + l['mlp(W)'],
      0,
    );
    expect(pair.computeBusy).toBe(computeSum);
    expect(pair.exposedComm).toBe(pair.span - computeSum);
    expect(pair.exposedComm / pair.span).toBeLessThan(0.02);
  });

  it('keeps the per-stream order of Figure 4 and 0-based layers', () => {
    const pair = replayPair({ layers: traceLayers(), pp: noPp });
    expect(pair.streams.compute.slice(0, 6).map((p) => `${p.piece}${p.layer}`)).toEqual([
      'attn(F)0',
      'mlp(B)3',
      'mlp(W)3',
      'mlp(F)0',
      'attn(B)3',
      'attn(W)3',
    ]);
    expect(pair.streams.comm.slice(0, 4).map((p) => `${p.piece}${p.layer}`)).toEqual([
      'combine(B)3',
      'dispatch(F)0',
      'dispatch(B)3',
      'combine(F)0',
    ]);
    for (const lane of [pair.streams.compute, pair.streams.comm]) {
      for (let k = 1; k < lane.length; k++) expect(lane[k].start).toBeGreaterThanOrEqual(lane[k - 1].end);
    }
  });
});

const duration = fc.oneof(fc.integer({ min: 0, max: 20000 }), fc.double({ min: 0, max: 20000, noNaN: true }));
const layerArb = fc.record(Object.fromEntries(LAYER_PIECES.map((p) => [p, duration])) as Record<keyof LayerPieces, typeof duration>);
const piecesArb = fc.record({
  layers: fc.array(layerArb, { minLength: 1, maxLength: 8 }),
  pp: fc.oneof(fc.constant(noPp), fc.record({ 'send(F)': duration, 'send(B)': duration })),
});

describe('pair model vs an independent replay (property)', () => {
  it('the computed span equals the straightforward replay for arbitrary durations', () => {
    fc.assert(
      fc.property(piecesArb, (p) => {
        const hand = handReplayPair(p);
        const pair = replayPair(p);
        expect(pair.span).toBe(hand.span);
        expect(chunkSpan('FB', p)).toBe(hand.span);
      }),
      { numRuns: 500 },
    );
  });

  it('a lone forward chunk is a chain: Σ attn + dispatch + mlp + combine', () => {
    fc.assert(
      fc.property(piecesArb, (p) => {
        let t = 0;
        for (const l of p.layers) t = t + l['attn(F)'] + l['dispatch(F)'] + l['mlp(F)'] + l['combine(F)'];
        expect(runChunk('F', p, { pp: false }).span).toBeCloseTo(t, 6);
      }),
    );
  });

  it('a lone input-backward chunk is a chain; W is Σ weight pieces; B ≤ I + W', () => {
    fc.assert(
      fc.property(piecesArb, (p) => {
        let i = 0;
        let w = 0;
        for (const l of [...p.layers].reverse()) {
          i = i + l['combine(B)'] + l['mlp(B)'] + l['dispatch(B)'] + l['attn(B)'];
          w = w + l['mlp(W)'] + l['attn(W)'];
        }
        expect(runChunk('I', p, { pp: false }).span).toBeCloseTo(i, 6);
        expect(runChunk('W', p, { pp: false }).span).toBeCloseTo(w, 6);
        expect(runChunk('B', p, { pp: false }).span).toBeLessThanOrEqual(i + w + 1e-6);
      }),
    );
  });

  it('without communication the pair is exactly the sum of its compute pieces', () => {
    const intLayer = fc.record(
      Object.fromEntries(
        LAYER_PIECES.map((p) => [
          p,
          p.startsWith('dispatch') || p.startsWith('combine') ? fc.constant(0) : fc.integer({ min: 0, max: 1e6 }),
        ]),
      ) as Record<keyof LayerPieces, fc.Arbitrary<number>>,
    );
    fc.assert(
      fc.property(fc.array(intLayer, { minLength: 1, maxLength: 8 }), (layers) => {
        const sum = layers.reduce((a, l) => a + l['attn(F)'] + l['mlp(F)'] + l['attn(B)'] + l['mlp(B)'] + l['attn(W)'] + l['mlp(W)'], 0);
        const pair = replayPair({ layers, pp: noPp });
        expect(pair.span).toBe(sum);
        expect(pair.exposedComm).toBe(0);
      }),
    );
  });
});
