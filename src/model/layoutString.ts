/**
 * Megatron's `pipeline_model_parallel_layout` string grammar, parsed the way
 * `PipelineParallelLayerLayout.parse_str_to_list` does it (megatron/core/transformer/
 * pipeline_parallel_layer_layout.py; docs/model.md §3):
 *   1. drop every ',' (purely cosmetic);
 *   2. one left-to-right pass of `\(([^)]+)\)\*(\d+)` → the group repeated n times;
 *   3. one pass of `(.)\*(\d+)` → the character repeated n times;
 *   4. split on '|' into stages; E = embedding, t = decoder, m = mtp, L = loss.
 * The same regular expressions give the same result on every input, quirks included ("(t)*2*3" is
 * four decoders, nested groups are rejected). Beyond Megatron, each character keeps the column it
 * came from, so an error says where in the string it is and what is wrong there.
 */
import { ModelInputError } from './errors.ts';

export type LayerKind = 'embedding' | 'decoder' | 'mtp' | 'loss';

export const LAYER_CHARS: Readonly<Record<string, LayerKind>> = { E: 'embedding', t: 'decoder', m: 'mtp', L: 'loss' };

/** Longest expanded layout accepted (Megatron would try to build any length; this bounds memory). */
export const MAX_LAYOUT_LENGTH = 1_000_000;

interface Char {
  ch: string;
  /** 1-based column in the original string */
  col: number;
}

const FIELD = 'pipeline_model_parallel_layout';

function fail(input: string, col: number, what: string): never {
  throw new ModelInputError(FIELD, `column ${col} of "${input}": ${what}`, undefined, col);
}

/** One `re.sub` pass: every non-overlapping match, left to right, replaced by its group repeated. */
function unroll(input: string, chars: Char[], pattern: RegExp, groupOffset: number): Char[] {
  const text = chars.map((c) => c.ch).join('');
  const out: Char[] = [];
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    out.push(...chars.slice(last, m.index));
    const group = chars.slice(m.index + groupOffset, m.index + groupOffset + m[1].length);
    const times = Number(m[2]);
    if (out.length + group.length * times > MAX_LAYOUT_LENGTH) {
      fail(input, chars[m.index + m[0].length - m[2].length].col, `*${m[2]} makes the layout longer than ${MAX_LAYOUT_LENGTH} layers`);
    }
    for (let k = 0; k < times; k++) out.push(...group);
    last = m.index + m[0].length;
  }
  out.push(...chars.slice(last));
  if (out.length > MAX_LAYOUT_LENGTH) fail(input, 1, `the layout is longer than ${MAX_LAYOUT_LENGTH} layers`);
  return out;
}

/** What a character left over after unrolling means, in words. */
function explain(ch: string): string {
  if (ch === '(' || ch === ')') return `unexpected "${ch}": a group "( )" must be followed directly by *N, and groups cannot be nested`;
  if (ch === '*') return 'unexpected "*": a repetition needs a layer letter or ")" before it and a number after it, and cannot be chained';
  if (/\d/.test(ch)) return `unexpected "${ch}": a number may only follow "*"`;
  if (ch === ' ') return 'unexpected space: layout strings have no spaces';
  return `invalid layer character "${ch}"; known: E (embedding), t (decoder), m (mtp), L (loss), "|" (next stage)`;
}

/** The flat list of stages (global stage order) a layout string describes. */
export function parseLayoutString(input: string): LayerKind[][] {
  let chars: Char[] = [];
  for (let i = 0; i < input.length; i++) if (input[i] !== ',') chars.push({ ch: input[i], col: i + 1 });
  chars = unroll(input, chars, /\(([^)]+)\)\*(\d+)/g, 1);
  // Python's "." matches anything but "\n".
  chars = unroll(input, chars, /([^\n])\*(\d+)/g, 0);
  const stages: LayerKind[][] = [[]];
  for (const c of chars) {
    if (c.ch === '|') {
      stages.push([]);
      continue;
    }
    const kind = LAYER_CHARS[c.ch];
    if (kind === undefined) fail(input, c.col, explain(c.ch));
    stages[stages.length - 1].push(kind);
  }
  return stages;
}

/** A stage list back as a compact layout string ("Et*3|t*2|...|m|L"), readable by parseLayoutString. */
export function layoutToString(stages: readonly (readonly LayerKind[])[]): string {
  const letter: Record<LayerKind, string> = { embedding: 'E', decoder: 't', mtp: 'm', loss: 'L' };
  return stages
    .map((stage) => {
      let s = '';
      for (let i = 0; i < stage.length;) {
        let j = i;
        while (j < stage.length && stage[j] === stage[i]) j++;
        s += letter[stage[i]] + (j - i > 1 ? `*${j - i}` : '');
        i = j;
      }
      return s;
    })
    .join('|');
}
