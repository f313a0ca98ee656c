/**
 * FP8 core throughput (one core, Node): elements/s of every quantization recipe on a 4096×4096
 * Gaussian tensor (seeded PRNG, so runs compare), with and without the §4 metrics, and products/s
 * of the Hopper accumulation model (docs/fp8.md §5.3). Target: tile1x128 quantize ≥ 100 M elements/s.
 * Runs via `npx tsx scripts/bench.ts fp8`.
 */
import os from 'node:os';
import { FP8_METHODS, encodeArray, gemmHopper, quantize, quantizeMetrics, type Promotion } from '../../src/fp8/index.ts';
import { record } from './lib/results.ts';

/** mulberry32: small seeded PRNG, uniform in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** N(0,1) float32 samples by Box–Muller. */
function gaussian(n: number, seed: number): Float32Array {
  const rnd = mulberry32(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = 1 - rnd();
    const v = rnd();
    const r = Math.sqrt(-2 * Math.log(u));
    out[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) out[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return out;
}

/**
 * Best of `reps` timed runs (after one warm-up), in seconds: wall clock and this process's CPU time.
 * On a shared machine the wall time also counts time spent descheduled; the CPU time is the
 * one-core cost.
 */
function time(reps: number, f: () => void): { wall: number; cpu: number } {
  f();
  let wall = Infinity;
  let cpu = Infinity;
  for (let r = 0; r < reps; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    f();
    wall = Math.min(wall, (performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpu = Math.min(cpu, (c.user + c.system) / 1e6);
  }
  return { wall, cpu };
}

const fmtRate = (perS: number): string => `${(perS / 1e6).toFixed(1).padStart(6)} M/s`;
const loadavg = (): string => os.loadavg()[0]!.toFixed(2);

export async function bench(): Promise<void> {
  const M = 4096,
    N = 4096,
    n = M * N;
  const x = gaussian(n, 20250101);
  // Output buffers are reused across runs, as the panel's worker does (fresh 80 MB per call would
  // mostly measure page faults). Columns: codes + scales (the quantization proper, what DeepGEMM's
  // per_token_cast_to_fp8 returns); also writing the dequantized tensor; codes + scales + all §4
  // metrics in the same pass.
  const into = { codes: new Uint8Array(n), dequant: new Float32Array(n) };
  console.log(`quantize ${M}x${N} float32 Gaussian, elements/s by wall clock (by CPU time), best of 7, one core, load ${loadavg()}`);
  console.log(`${'method'.padEnd(24)} ${'codes+scales'.padStart(24)} ${'+ dequant'.padStart(24)} ${'+ metrics'.padStart(24)}`);
  const rates = (t: { wall: number; cpu: number }, count = n): string => `${fmtRate(count / t.wall)} (${fmtRate(count / t.cpu)})`;
  for (const method of FP8_METHODS) {
    const tq = time(7, () => void quantize(x, [M, N], method, { into, dequant: false }));
    const td = time(7, () => void quantize(x, [M, N], method, { into }));
    const tm = time(7, () => void quantize(x, [M, N], method, { into, dequant: false, metrics: true }));
    if (method === 'tile1x128_e4m3') {
      record('fp8.tile1x128.wallPerS', n / tq.wall);
      record('fp8.tile1x128.cpuPerS', n / tq.cpu);
    }
    const mark =
      method === 'tile1x128_e4m3'
        ? `  target >= 100 M/s: ${n / tq.wall >= 1e8 ? 'met' : n / tq.cpu >= 1e8 ? 'met in CPU time' : 'MISSED'}`
        : '';
    console.log(`${method.padEnd(24)} ${rates(tq)} ${rates(td)} ${rates(tm)}${mark}`);
  }
  const q = quantize(x, [M, N], 'tile1x128_e4m3');
  console.log(`${'metrics alone (2nd pass)'.padEnd(24)} ${rates(time(5, () => void quantizeMetrics(x, q)))}`);
  const codes = new Uint8Array(n);
  console.log(`${'plain cast e4m3'.padEnd(24)} ${rates(time(5, () => void encodeArray(x, 'e4m3', 'saturate', codes)))}`);

  // Accumulation model: 64×64 outputs at K = 4096 (the panel's preview size, docs/fp8.md §5.4).
  const R = 64,
    K = 4096;
  const a = new Uint8Array(R * K),
    b = new Uint8Array(R * K);
  encodeArray(gaussian(R * K, 7), 'e4m3', 'saturate', a);
  encodeArray(gaussian(R * K, 8), 'e4m3', 'saturate', b);
  console.log(`\naccumulation model ${R}x${R} outputs, K=${K} (products/s)`);
  for (const p of ['never', 32, 128, 256] as Promotion[]) {
    console.log(
      `${`promote ${p}`.padEnd(24)} ${rates(
        time(3, () => void gemmHopper(a, b, K, { promote: p })),
        R * R * K,
      )}`,
    );
  }
}
