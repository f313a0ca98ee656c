/**
 * Input validation for the FP8 core. Every rejection is an `Fp8InputError` whose message is one
 * sentence naming what is wrong, the value given and the rule, so the UI panel and the CLI can show
 * it as is.
 */
/** What kind of problem an input has, for callers that react to one kind (never read the message). */
export type Fp8InputProblem = 'shape' | 'value' | 'all-nan' | 'other';

export class Fp8InputError extends Error {
  readonly problem: Fp8InputProblem;
  constructor(message: string, problem: Fp8InputProblem = 'other') {
    super(message);
    this.name = 'Fp8InputError';
    this.problem = problem;
  }
}

/**
 * Largest tensor the core accepts: 2^28 elements (1 GiB of float32 input, about 3 GiB with codes,
 * dequantized values and scratch). A 4096×4096 tensor is 2^24; 100k×100k (10^10) is refused before
 * anything is allocated.
 */
export const MAX_ELEMENTS = 2 ** 28;

/** Check a matrix shape [rows, cols] and return the element count. */
export function checkShape(shape: readonly number[], what = 'tensor'): number {
  if (shape.length !== 2) {
    throw new Fp8InputError(`The ${what} shape must have 2 dimensions [rows, cols], got [${shape.join(', ')}].`);
  }
  const [m, n] = shape as [number, number];
  if (m === 0 && n === 0) throw new Fp8InputError(`The ${what} shape is 0x0, which has no elements to quantize.`);
  for (const [name, v] of [
    ['rows', m],
    ['cols', n],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new Fp8InputError(`The ${what} ${name} must be a positive integer, got ${v}.`);
    }
  }
  const count = m * n;
  if (count > MAX_ELEMENTS) {
    throw new Fp8InputError(
      `The ${what} shape ${m}x${n} has ${count.toExponential(2)} elements, more than the limit of ${MAX_ELEMENTS} (2^28).`,
    );
  }
  return count;
}

/**
 * Validate a float32 tensor for scaled quantization and return how many elements are NaN.
 * Refused: empty data, a shape that does not match the data length, an all-NaN tensor.
 * Isolated NaN/Inf elements are allowed: they flow through the rules of docs/fp8.md §3 as torch would
 * (a NaN poisons its group's amax and scale) and show up in `frac_nan_out`.
 */
export function checkTensor(x: Float32Array, shape: readonly number[]): number {
  checkTensorShape(x, shape);
  let nan = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== x[i]) nan++;
  if (nan === x.length)
    throw new Fp8InputError(`The input tensor is entirely NaN (${nan} elements), so no scale can be computed.`, 'all-nan');
  return nan;
}

/** The cheap part of `checkTensor`: non-empty data whose length matches a valid shape. */
export function checkTensorShape(x: Float32Array, shape: readonly number[]): void {
  if (x.length === 0) throw new Fp8InputError('The input tensor is empty (0 elements).');
  const count = checkShape(shape);
  if (count !== x.length) {
    throw new Fp8InputError(`The shape ${shape.join('x')} needs ${count} elements but the data has ${x.length}.`);
  }
}
