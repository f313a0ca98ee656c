/**
 * `moe_layer_freq` as Megatron reads it (megatron/training/arguments.py `moe_freq_type`): an int N
 * (layer i is MoE when i % N == 0), a list of 0/1 per layer, or the string form of a Python list
 * expression such as "([0]*3+[1]*58)". The string is evaluated by a small grammar of exactly what
 * Megatron's character whitelist allows (digits , [ ] ( ) + *), never by eval.
 */
import { ModelInputError } from './errors.ts';

const FIELD = 'moe_layer_freq';
const MAX_PATTERN = 1_000_000;

type Value = number | number[];

/** Parses "[0]*3+[1]*58", "([1]*3+[0]*1)*3" or "2" into an int or a 0/1 list. */
export function parseMoeFreqString(text: string): number | number[] {
  const s = text.trim();
  const bad = /[^,\d[\]()+*\s]/.exec(s);
  if (bad)
    throw new ModelInputError(
      FIELD,
      `invalid character "${bad[0]}" at column ${bad.index + 1} of "${text}"; use an int or a list expression like "([0]*3+[1]*58)"`,
    );
  let i = 0;
  const skip = () => {
    while (s[i] === ' ' || s[i] === '\t') i++;
  };
  const fail = (what: string): never => {
    throw new ModelInputError(FIELD, `${what} at column ${i + 1} of "${text}"`);
  };
  const integer = (): number => {
    skip();
    const m = /^\d+/.exec(s.slice(i));
    if (!m) return fail('expected a number');
    i += m[0].length;
    return Number(m[0]);
  };
  const repeat = (v: Value, n: number): Value => {
    if (typeof v === 'number') return v * n;
    if (v.length * n > MAX_PATTERN) fail(`pattern longer than ${MAX_PATTERN} layers`);
    return Array.from({ length: v.length * n }, (_, k) => v[k % v.length]);
  };
  const plus = (a: Value, b: Value): Value => {
    if (typeof a === 'number' && typeof b === 'number') return a + b;
    if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
    return fail('cannot add a list and a number');
  };
  const atom = (): Value => {
    skip();
    if (s[i] === '[') {
      i++;
      const items: number[] = [];
      skip();
      while (s[i] !== ']') {
        items.push(integer());
        skip();
        if (s[i] === ',') i++;
        else if (s[i] !== ']') fail('expected "," or "]"');
        skip();
      }
      i++;
      return items;
    }
    if (s[i] === '(') {
      i++;
      const v = expr();
      skip();
      if (s[i] !== ')') fail('expected ")"');
      i++;
      return v;
    }
    return integer();
  };
  const term = (): Value => {
    let v = atom();
    skip();
    while (s[i] === '*') {
      i++;
      const n = atom();
      if (typeof n !== 'number') fail('a list can only be repeated by a number');
      v = typeof v === 'number' ? v * (n as number) : repeat(v, n as number);
      skip();
    }
    return v;
  };
  const expr = (): Value => {
    let v = term();
    skip();
    while (s[i] === '+') {
      i++;
      v = plus(v, term());
      skip();
    }
    return v;
  };
  const v = expr();
  skip();
  if (i < s.length) fail(`unexpected "${s[i]}"`);
  return v;
}

/** Megatron's per-layer pattern (1 = MoE) for `num_layers` decoder layers; `[0…]` without experts. */
export function moeLayerPattern(numLayers: number, numExperts: number | null, freq: number | readonly number[]): number[] {
  if (numExperts === null) return Array(numLayers).fill(0);
  if (typeof freq === 'number') return Array.from({ length: numLayers }, (_, i) => (i % freq === 0 ? 1 : 0));
  if (freq.length !== numLayers) {
    throw new ModelInputError(FIELD, `the list has ${freq.length} entries but num_layers is ${numLayers} (Megatron asserts they match)`);
  }
  return [...freq];
}
