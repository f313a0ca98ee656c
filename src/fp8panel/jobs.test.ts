/**
 * The worker's jobs in Node: a tensor job's numbers match direct core calls, bad inputs end in the
 * messages the panel shows, a cancel stops a job at a slice boundary, and the client protocol
 * (progress, done, error, cancelled, hard cancel) works against an in-process worker.
 */
import { describe, expect, it } from 'vitest';
import { quantize, quantizeMetrics, FP8_METHODS } from '../fp8/index.ts';
import { Fp8Client, HARD_CANCEL_MS } from './client.ts';
import { Cancelled, newWorkerState, runAccum, runLoad, runTensor, type JobContext } from './jobs.ts';
import { encodeNpyF32 } from './npy.ts';
import type { TensorJob } from './protocol.ts';
import { fakeWorker } from './testing/fakeWorker.ts';
import { generateTensor, type GeneratorSpec } from './sources.ts';

const ctx = (over: Partial<JobContext> = {}): JobContext => ({
  progress: () => {},
  yieldNow: () => new Promise((r) => setTimeout(r, 0)),
  cancelled: () => false,
  now: () => performance.now(),
  sliceMs: 0,
  ...over,
});
const gen = (over: Partial<GeneratorSpec> = {}): GeneratorSpec => ({
  kind: 'outliers',
  rows: 256,
  cols: 384,
  seed: 3,
  channels: 5,
  magnitude: 50,
  nu: 3,
  sigma: 2,
  ...over,
});
const tensorJob = (over: Partial<TensorJob> = {}): TensorJob => ({
  kind: 'tensor',
  source: { type: 'generate', spec: gen() },
  methods: ['per_tensor_e4m3', 'tile1x128_e4m3', 'mx32_e4m3_floor'],
  overflow: 'saturate',
  requant: { ue8m0: false },
  ...over,
});
const message = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('runTensor', () => {
  it('metrics, histogram and scale grid match the core; the next job on the same tensor skips making it', async () => {
    const state = newWorkerState();
    const fractions: number[] = [];
    const r = await runTensor(tensorJob(), state, ctx({ progress: (f) => fractions.push(f) }));
    const x = generateTensor(gen());
    for (const m of r.methods) {
      const q = quantize(x, [256, 384], m.method, { metrics: true });
      expect(m.metrics).toEqual(quantizeMetrics(x, q));
      expect(m.scalesShape).toEqual(q.scalesShape);
      expect(m.flushed.reduce((a, b) => a + b, 0)).toBe(Math.round(q.metrics!.frac_flushed_to_zero * x.length));
    }
    expect(r.hist.counts.reduce((a, b) => a + b, 0) + r.hist.zeros).toBe(x.length);
    expect(r.requant!.requant.sqnr_db).toBeLessThan(r.requant!.direct.sqnr_db);
    expect(fractions.length).toBeGreaterThan(5);
    expect(fractions.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= fractions[i - 1]!))).toBe(true);
    const stagesOf = async (job: TensorJob) => {
      const stages = new Set<string>();
      const out = await runTensor(job, state, ctx({ progress: (_, stage) => stages.add(stage) }));
      return { out, stages };
    };
    // other methods on the same tensor: neither generated nor binned again, and still the core's numbers
    const again = await stagesOf(tensorJob({ methods: ['per_row_e4m3'], requant: null }));
    expect(again.stages.has('generating')).toBe(false);
    expect(again.stages.has('histogram')).toBe(false);
    expect(again.out.methods[0]!.metrics).toEqual(quantizeMetrics(x, quantize(x, [256, 384], 'per_row_e4m3', { metrics: true })));
    // another tensor is made anew, not served from the one kept
    const spec = gen({ seed: 4 });
    const other = await stagesOf(tensorJob({ source: { type: 'generate', spec }, methods: ['per_row_e4m3'], requant: null }));
    expect(other.stages.has('generating')).toBe(true);
    const y = generateTensor(spec);
    expect(other.out.methods[0]!.metrics).toEqual(quantizeMetrics(y, quantize(y, [256, 384], 'per_row_e4m3', { metrics: true })));
    expect(other.out.methods[0]!.metrics).not.toEqual(again.out.methods[0]!.metrics);
  });

  it('refuses bad input with the messages the panel shows', async () => {
    const s = newWorkerState();
    expect(await message(runTensor(tensorJob({ methods: [] }), s, ctx()))).toMatch(/at least one method/);
    expect(
      await message(runTensor(tensorJob({ source: { type: 'generate', spec: gen({ rows: 100000, cols: 100000 }) } }), s, ctx())),
    ).toMatch(/more than the panel's limit/);
    expect(await message(runTensor(tensorJob({ source: { type: 'file', fileId: 'nope', format: 'npy', shape: null } }), s, ctx()))).toMatch(
      /no longer loaded/,
    );
    const nan = encodeNpyF32(new Float32Array(64).fill(NaN), [8, 8]);
    await runLoad({ kind: 'load', fileId: 'f1', name: 'nan.npy', format: 'npy', bytes: nan.slice().buffer }, s);
    expect(await message(runTensor(tensorJob({ source: { type: 'file', fileId: 'f1', format: 'npy', shape: null } }), s, ctx()))).toMatch(
      /entirely NaN/,
    );
    await runLoad({ kind: 'load', fileId: 'f2', name: 'x.bin', format: 'raw', bytes: new Float32Array(100).buffer }, s);
    expect(
      await message(runTensor(tensorJob({ source: { type: 'file', fileId: 'f2', format: 'raw', shape: [10, 11] } }), s, ctx())),
    ).toMatch(/shape 10x11 needs 440 bytes .* but the file has 400 bytes/);
    const ok = await runTensor(
      tensorJob({ source: { type: 'file', fileId: 'f2', format: 'raw', shape: [10, 10] }, methods: ['per_tensor_e4m3'] }),
      s,
      ctx(),
    );
    expect(ok.shape).toEqual([10, 10]);
    expect(await message(runLoad({ kind: 'load', fileId: 'f3', name: 'e.npy', format: 'npy', bytes: new ArrayBuffer(0) }, s))).toMatch(
      /empty \(0 bytes\)/,
    );
  });

  it('a .npy load reports its shape and dtype', async () => {
    const s = newWorkerState();
    const f = encodeNpyF32(new Float32Array(6), [2, 3]);
    const r = await runLoad({ kind: 'load', fileId: 'a', name: 'a.npy', format: 'npy', bytes: f.slice().buffer }, s);
    expect(r.npy).toMatchObject({ shape: [2, 3], dtype: '<f4' });
  });

  it('stops at a slice boundary once cancelled', async () => {
    let polls = 0;
    const p = runTensor(tensorJob({ methods: [...FP8_METHODS] }), newWorkerState(), ctx({ cancelled: () => ++polls > 3 }));
    await expect(p).rejects.toBeInstanceOf(Cancelled);
    expect(polls).toBe(4);
  });
});

describe('runAccum', () => {
  it('sweeps the given Ks', async () => {
    const r = await runAccum({ kind: 'accum', spec: { dist: 'gauss', promote: 64, outputs: 4, seed: 1, ks: [128, 256] } }, ctx());
    expect(r.chosen.map((p) => p.k)).toEqual([128, 256]);
    expect(r.never).toHaveLength(2);
  });
});

describe('Fp8Client', () => {
  it('progress, then done; an input error; a cancel', async () => {
    const client = new Fp8Client(() => fakeWorker());
    const progress: number[] = [];
    const r = await client.run(tensorJob({ requant: null }), (f) => progress.push(f));
    expect(r.status).toBe('done');
    expect(progress.length).toBeGreaterThan(0);
    const e = await client.run(tensorJob({ methods: [] }));
    expect(e).toEqual({ status: 'error', message: 'Choose at least one method.', input: true });
    const running = client.run(tensorJob({ methods: [...FP8_METHODS], source: { type: 'generate', spec: gen({ seed: 9 }) } }));
    setTimeout(() => running.cancel(), 5);
    expect(await running).toEqual({ status: 'cancelled' });
  });

  it('a worker that does not answer a cancel is replaced', async () => {
    const made: ReturnType<typeof fakeWorker>[] = [];
    let restarts = 0;
    const client = new Fp8Client(
      () => {
        const w = fakeWorker({ stuck: made.length === 0 });
        made.push(w);
        return w;
      },
      () => restarts++,
    );
    const t0 = Date.now();
    const running = client.run(tensorJob());
    running.cancel();
    expect(await running).toEqual({ status: 'cancelled' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(HARD_CANCEL_MS - 50);
    expect(made[0]!.terminated).toBe(true);
    expect(restarts).toBe(1);
    expect((await client.run(tensorJob({ requant: null }))).status).toBe('done');
    expect(made).toHaveLength(2);
  });
});
