/**
 * The value lists of a design-space sweep (docs/cli.md `sweep`, docs/explore.md §2): a comma list
 * of items, each a number or an inclusive range `a:b:step` (`a:b` steps by 1), e.g. `4:32:4`,
 * `16,32,64:256:64`. Shared by the CLI's options and the Explore view's fields and link, so both
 * read the same text the same way. Pure; the values carry the unit of the option they fill.
 *
 * Values keep the order written, without repeats (a repeat would sweep the same point twice).
 * A range's values are a + k·step, rounded to 12 significant digits so `0.1:0.5:0.1` ends at 0.5.
 */
import { isNumberText } from '../store/numberText.ts';

export interface ListRule {
  /** whole numbers only (ranks, micro-batches, stages per rank) */
  integer: boolean;
  /** smallest value allowed */
  min: number;
  /** largest value allowed */
  max: number;
}

export type ListResult = { ok: true; values: number[] } | { ok: false; message: string };

/** Most values one list may expand to: more is a typo (a step of 1 over a wide range), not a sweep. */
export const MAX_LIST_VALUES = 4096;

const round12 = (x: number) => Number(x.toPrecision(12));

function num(text: string): number | null {
  return isNumberText(text) ? Number(text) : null;
}

/**
 * Reads a list. The message is one sentence naming the item that is wrong and why; `label` names
 * the list in it ("ranks").
 */
export function parseList(raw: string, rule: ListRule, label: string): ListResult {
  const fail = (message: string): ListResult => ({ ok: false, message: `${label}: ${message}` });
  const text = raw.trim();
  if (text === '') return fail('needs at least one value (a number, a comma list, or a range a:b:step)');
  const values: number[] = [];
  const seen = new Set<number>();
  const add = (v: number) => {
    if (!seen.has(v)) {
      seen.add(v);
      values.push(v);
    }
  };
  const kind = rule.integer ? 'a whole number' : 'a number';
  const check = (v: number, item: string): string | null => {
    if (rule.integer && !Number.isInteger(v)) return `"${item}" must be ${kind}`;
    if (v < rule.min) return `${v} is below the smallest value ${rule.min}`;
    if (v > rule.max) return `${v} is above the largest value ${rule.max}`;
    return null;
  };
  for (const part of text.split(',')) {
    const item = part.trim();
    const shown = item.length > 24 ? `${item.slice(0, 24)}…` : item;
    if (item === '') return fail(`empty item in "${text.length > 40 ? `${text.slice(0, 40)}…` : text}" (two commas, or a comma at an end)`);
    const pieces = item.split(':').map((x) => x.trim());
    if (pieces.length === 1) {
      const v = num(item);
      if (v === null) return fail(`"${shown}" is not ${kind} or a range a:b:step`);
      const bad = check(v, shown);
      if (bad) return fail(bad);
      add(v);
      continue;
    }
    if (pieces.length > 3) return fail(`"${shown}" has more than two colons; a range is a:b or a:b:step`);
    const [a, b, step] = [num(pieces[0]), num(pieces[1]), pieces.length === 3 ? num(pieces[2]) : 1];
    if (a === null || b === null || step === null) return fail(`"${shown}" is not a range a:b:step of numbers`);
    if (!(step > 0)) return fail(`the step of "${shown}" must be positive`);
    if (b < a) return fail(`the range "${shown}" runs backwards (${b} < ${a})`);
    const count = Math.floor(round12((b - a) / step)) + 1;
    if (values.length + count > MAX_LIST_VALUES)
      return fail(`"${shown}" gives ${count.toLocaleString('en-US')} values; at most ${MAX_LIST_VALUES} per list`);
    for (let k = 0; k < count; k++) {
      const v = round12(a + k * step);
      const bad = check(v, String(v));
      if (bad) return fail(`${bad} (in "${shown}")`);
      add(v);
    }
  }
  if (values.length > MAX_LIST_VALUES) return fail(`gives ${values.length} values; at most ${MAX_LIST_VALUES} per list`);
  return { ok: true, values };
}

/**
 * The shortest text that reads back as these values: runs of 3 or more equally spaced values
 * become ranges (4,8,12,16 → 4:16:4). Used for the link and the CSV export's header comment.
 */
export function formatList(values: readonly number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < values.length) {
    let j = i + 1;
    const step = j < values.length ? round12(values[j] - values[i]) : 0;
    if (step > 0) while (j + 1 < values.length && round12(values[j + 1] - values[j]) === step) j++;
    if (step > 0 && j - i >= 2) {
      parts.push(step === 1 ? `${values[i]}:${values[j]}` : `${values[i]}:${values[j]}:${step}`);
      i = j + 1;
    } else {
      parts.push(String(values[i]));
      i++;
    }
  }
  return parts.join(',');
}
