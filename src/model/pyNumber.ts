/**
 * Python 3 number semantics for re-running Megatron-LM's estimators to the byte (docs/model.md §2).
 *
 * Megatron mixes Python ints (exact, unbounded) and floats (IEEE doubles): `2 * h * ffn * 1.5` turns
 * float at the first float operand, `a / b` is true division (correctly rounded even for ints
 * beyond 2^53), `//` floors. A JS number would round an int product above 2^53 where Python keeps
 * it exact, so a Python int is a `bigint` here and a Python float a `number`, and every operation
 * converts exactly where CPython does (int → float correctly rounded, ties to even, as
 * `PyLong_AsDouble`; `Number(bigint)` rounds the same way).
 */
export type Py = bigint | number;

const isInt = (x: Py): x is bigint => typeof x === 'bigint';
const f = (x: Py): number => (isInt(x) ? Number(x) : x);

/** Python int from a JS integer (throws on non-integers: a size is never fractional). */
export function int(x: number): bigint {
  if (!Number.isInteger(x)) throw new RangeError(`not an integer: ${x}`);
  return BigInt(x);
}

export function add(...xs: Py[]): Py {
  return xs.reduce((a, b) => (isInt(a) && isInt(b) ? a + b : f(a) + f(b)));
}

export function sub(a: Py, b: Py): Py {
  return isInt(a) && isInt(b) ? a - b : f(a) - f(b);
}

/** Left to right, as Python evaluates `a * b * c`. */
export function mul(...xs: Py[]): Py {
  return xs.reduce((a, b) => (isInt(a) && isInt(b) ? a * b : f(a) * f(b)));
}

const TWO53 = 2n ** 53n;

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/** int / int correctly rounded to a double, as CPython's long_true_divide. */
function intTrueDivide(a: bigint, b: bigint): number {
  if (b === 0n) throw new RangeError('division by zero');
  const negative = a < 0n !== b < 0n;
  let n = a < 0n ? -a : a;
  let d = b < 0n ? -b : b;
  if (n === 0n) return negative ? -0 : 0;
  // Both exactly representable: one IEEE division is correctly rounded.
  if (n <= TWO53 && d <= TWO53) return (negative ? -1 : 1) * (Number(n) / Number(d));
  // Scale so the integer quotient has at least 55 bits, keep a sticky bit for the remainder, and let
  // Number() round that (≥ 56-bit, sticky-terminated) integer once; the power-of-two scale is exact.
  const shift = 55 - (bitLength(n) - bitLength(d));
  if (shift > 0) n <<= BigInt(shift);
  else d <<= BigInt(-shift);
  const q = (n / d) * 2n + (n % d === 0n ? 0n : 1n);
  const value = Number(q) * 2 ** -(shift + 1);
  return negative ? -value : value;
}

/** Python's `/`: always a float. */
export function div(a: Py, b: Py): number {
  if (isInt(a) && isInt(b)) return intTrueDivide(a, b);
  const d = f(b);
  if (d === 0) throw new RangeError('division by zero');
  return f(a) / d;
}

/** Python's `//` on ints (floor toward −∞). */
export function floorDiv(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new RangeError('division by zero');
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** Exact comparison of an int with a float or int, as Python compares them (no rounding). */
export function lessThan(a: Py, b: Py): boolean {
  if (isInt(a) && isInt(b)) return a < b;
  if (!isInt(a) && !isInt(b)) return a < b;
  if (isInt(a)) return compareIntFloat(a, b as number) < 0;
  return compareIntFloat(b as bigint, a) > 0;
}

function compareIntFloat(i: bigint, x: number): number {
  if (Number.isNaN(x)) throw new RangeError('NaN comparison');
  if (x === Infinity) return -1;
  if (x === -Infinity) return 1;
  const fl = BigInt(Math.floor(x));
  if (i < fl) return -1;
  if (i > fl) return 1;
  return Number.isInteger(x) ? 0 : -1;
}

/** Python's `min(a, b)`: the first of the smallest (min(1, 1.0) is the int 1). */
export function min(a: Py, b: Py): Py {
  return lessThan(b, a) ? b : a;
}

/** Python's `sum` of ints. */
export function sum(xs: readonly bigint[]): bigint {
  return xs.reduce((a, b) => a + b, 0n);
}

/** A Python number as a JS number (the float Python would print for it). */
export function toNumber(x: Py): number {
  return f(x);
}
