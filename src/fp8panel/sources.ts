/**
 * Synthetic tensors for the FP8 panel, deterministic from a seed (prng.ts): Gaussian N(0,1),
 * Gaussian with outlier channels (whole columns = channels = the GEMM's K scaled by a magnitude, as
 * LLM activations have), Student-t(ν) and signed log-normal exp(σ·Z) with 1% exact zeros (the
 * golden `lognormal` tensor's recipe, docs/fp8.md §7). Row-major [rows, cols] float32.
 *
 * `tensorFiller(spec)` produces the tensor in consecutive ranges (`fill(out, start, end)`), so the
 * worker can generate a 16 M-element tensor in chunks with progress and cancel; the values do not
 * depend on how the range is split.
 */
import { Rng } from './prng.ts';

export type GeneratorKind = 'gauss' | 'outliers' | 'student' | 'lognormal';
export const GENERATOR_KINDS: readonly GeneratorKind[] = ['gauss', 'outliers', 'student', 'lognormal'];

/** A synthetic tensor: kind, shape, seed and the kind's parameters (unused ones are ignored). */
export interface GeneratorSpec {
  kind: GeneratorKind;
  rows: number;
  cols: number;
  seed: number;
  /** outliers: how many channels (columns) are scaled */
  channels: number;
  /** outliers: the factor of those channels */
  magnitude: number;
  /** student: degrees of freedom ν */
  nu: number;
  /** lognormal: σ of ln|x| */
  sigma: number;
}

/** Share of exact zeros in the log-normal tensor (as in the golden `lognormal_136x288`). */
export const LOGNORMAL_ZERO_FRACTION = 0.01;

export interface TensorFiller {
  /** Write elements [start, end) into out[start..end); calls must follow each other without gaps. */
  fill(out: Float32Array, start: number, end: number): void;
  /** Outlier channel indices (sorted); empty for other kinds. */
  readonly outlierChannels: readonly number[];
}

/** `count` distinct channels out of `cols`, chosen by a stream of their own (sorted). */
export function pickChannels(cols: number, count: number, seed: number): number[] {
  const rng = new Rng((seed ^ 0x5bd1e995) >>> 0);
  const n = Math.max(0, Math.min(count, cols));
  const chosen = new Map<number, number>(); // sparse Fisher–Yates: position → value
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const j = i + rng.below(cols - i);
    const vj = chosen.get(j) ?? j;
    chosen.set(j, chosen.get(i) ?? i);
    out.push(vj);
  }
  return out.sort((a, b) => a - b);
}

export function tensorFiller(spec: GeneratorSpec): TensorFiller {
  const rng = new Rng(spec.seed);
  let next = 0;
  const checkOrder = (start: number) => {
    if (start !== next) throw new Error(`tensorFiller: expected start ${next}, got ${start}`);
  };
  switch (spec.kind) {
    case 'gauss':
      return {
        outlierChannels: [],
        fill(out, start, end) {
          checkOrder(start);
          for (let i = start; i < end; i++) out[i] = rng.normal();
          next = end;
        },
      };
    case 'outliers': {
      const channels = pickChannels(spec.cols, spec.channels, spec.seed);
      const factor = new Float64Array(spec.cols).fill(1);
      for (const c of channels) factor[c] = spec.magnitude;
      const cols = spec.cols;
      return {
        outlierChannels: channels,
        fill(out, start, end) {
          checkOrder(start);
          let c = start % cols;
          for (let i = start; i < end; i++) {
            out[i] = rng.normal() * factor[c]!;
            if (++c === cols) c = 0;
          }
          next = end;
        },
      };
    }
    case 'student':
      return {
        outlierChannels: [],
        fill(out, start, end) {
          checkOrder(start);
          for (let i = start; i < end; i++) out[i] = rng.studentT(spec.nu);
          next = end;
        },
      };
    case 'lognormal':
      return {
        outlierChannels: [],
        fill(out, start, end) {
          checkOrder(start);
          for (let i = start; i < end; i++) {
            if (rng.uniform() < LOGNORMAL_ZERO_FRACTION) {
              out[i] = 0;
              continue;
            }
            const v = Math.exp(spec.sigma * rng.normal());
            out[i] = rng.u32() & 1 ? -v : v;
          }
          next = end;
        },
      };
  }
}

/** The whole tensor at once (tests, small tensors). */
export function generateTensor(spec: GeneratorSpec): Float32Array {
  const out = new Float32Array(spec.rows * spec.cols);
  tensorFiller(spec).fill(out, 0, out.length);
  return out;
}
