/**
 * The per-stage cost table as text (docs/schedules.md §1.5): what the URL, the drafts and the
 * project file carry. Compact and canonical — `F:1,1.5,1;I:1,1,1;W:1,1,1;mF:2,3,2` — one list per
 * column, `;` between columns; columns F, I, W, B, FB (op costs) and mF, mI, mW (activation memory
 * a forward allocates and the backward halves free, A). A column with one value is that value on
 * every row. Pure: parsing checks the syntax and the shape (numbers, equal list lengths, at most
 * MAX_ROWS rows); ranges and the row count a schedule needs are the engine's rules
 * (resolveBasisCosts), applied in store/validate.ts.
 */
import type { CostsFile, StageValues } from '../engine/index.ts';
import { isNumberText } from './numberText.ts';

export const TABLE_COLUMNS = ['F', 'I', 'W', 'B', 'FB', 'mF', 'mI', 'mW'] as const;
export type TableColumn = (typeof TABLE_COLUMNS)[number];
/** one row per stage of the largest layout (2 × the ranks limit) */
export const MAX_ROWS = 2048;
const MAX_TEXT = 200_000;

export type TableResult = { ok: true; value: string } | { ok: false; message: string };

const shown = (s: string) => JSON.stringify(s.length > 24 ? `${s.slice(0, 24)}…` : s);

/** Parses table text into columns; the canonical text back, or one sentence on the first problem. */
export function parseStageTable(raw: string): TableResult {
  const text = raw.trim();
  if (text === '' || text === 'none') return { ok: true, value: '' };
  if (text.length > MAX_TEXT) return { ok: false, message: `the cost table is ${text.length} characters; at most ${MAX_TEXT}` };
  const cols = new Map<TableColumn, number[]>();
  for (const part of text.split(';')) {
    if (part.trim() === '') continue;
    const colon = part.indexOf(':');
    const key = (colon < 0 ? part : part.slice(0, colon)).trim();
    if (!(TABLE_COLUMNS as readonly string[]).includes(key))
      return { ok: false, message: `cost table column ${shown(key)} is not one of ${TABLE_COLUMNS.join(', ')}` };
    if (cols.has(key as TableColumn)) return { ok: false, message: `cost table column ${key} appears twice` };
    if (colon < 0) return { ok: false, message: `cost table column ${key} needs values after "${key}:"` };
    const cells = part.slice(colon + 1).split(',');
    if (cells.length > MAX_ROWS) return { ok: false, message: `cost table column ${key} has ${cells.length} rows; at most ${MAX_ROWS}` };
    const values: number[] = [];
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i]!.trim();
      const v = Number(c);
      if (!isNumberText(c) || !Number.isFinite(v))
        return { ok: false, message: `cost table ${key} row ${i + 1}: ${shown(c)} is not a number` };
      values.push(v === 0 ? 0 : v);
    }
    cols.set(key as TableColumn, values);
  }
  if (cols.size === 0) return { ok: true, value: '' };
  const lengths = [...cols.values()].map((v) => v.length).filter((n) => n > 1);
  if (lengths.some((n) => n !== lengths[0])) {
    const desc = [...cols.entries()].map(([k, v]) => `${k} ${v.length}`).join(', ');
    return {
      ok: false,
      message: `cost table columns list different numbers of rows (${desc}); give every column one value or the same rows`,
    };
  }
  return { ok: true, value: columnsText(Object.fromEntries(cols)) };
}

/** Columns as table text, in the canonical column order: `F:1,2;I:1,1`. */
export function columnsText(cols: Partial<Record<TableColumn, readonly (number | string)[]>>): string {
  return TABLE_COLUMNS.filter((k) => cols[k])
    .map((k) => `${k}:${cols[k]!.join(',')}`)
    .join(';');
}

const cache = new Map<string, Partial<Record<TableColumn, number[]>>>();

/** The columns of canonical (or any valid) table text; {} for none or invalid text. */
export function tableColumns(text: string): Partial<Record<TableColumn, number[]>> {
  let c = cache.get(text);
  if (c) return c;
  c = {};
  const r = parseStageTable(text);
  if (r.ok && r.value !== '') {
    for (const part of r.value.split(';')) {
      const [k, v] = part.split(':') as [TableColumn, string];
      c[k] = v.split(',').map(Number);
    }
  }
  if (cache.size > 64) cache.clear();
  cache.set(text, c);
  return c;
}

/** Rows of the table (the longest column; 0 without a table). */
export function tableRows(text: string): number {
  return Math.max(0, ...Object.values(tableColumns(text)).map((v) => (v.length > 1 ? v.length : 1)));
}

const valueOf = (v: number[]): StageValues => (v.length === 1 ? v[0]! : v);

/** The table as the engine's costs file entries (lists, or one number for a one-value column). */
export function tableFile(text: string): CostsFile {
  const c = tableColumns(text);
  return columnsFile(Object.fromEntries(TABLE_COLUMNS.filter((k) => c[k]).map((k) => [k, valueOf(c[k]!)])));
}

/** Columns as a costs file: F, I, W, B, FB as they are, mF, mI, mW as its `memory`. */
export function columnsFile(cols: Partial<Record<TableColumn, StageValues>>): CostsFile {
  const file: CostsFile = {};
  for (const k of ['F', 'I', 'W', 'B', 'FB'] as const) if (cols[k] !== undefined) file[k] = cols[k];
  if (cols.mF !== undefined || cols.mI !== undefined || cols.mW !== undefined) {
    file.memory = {};
    if (cols.mF !== undefined) file.memory.F = cols.mF;
    if (cols.mI !== undefined) file.memory.I = cols.mI;
    if (cols.mW !== undefined) file.memory.W = cols.mW;
  }
  return file;
}

/** Canonical table text for a costs file's entries (comm and unknown keys are not table columns). */
export function formatTable(file: CostsFile): string {
  const parts: string[] = [];
  const put = (k: TableColumn, v: StageValues | undefined) => {
    if (v === undefined) return;
    parts.push(`${k}:${(Array.isArray(v) ? v : [v]).map((x) => String(x === 0 ? 0 : x)).join(',')}`);
  };
  put('F', file.F);
  put('I', file.I);
  put('W', file.W);
  put('B', file.B);
  put('FB', file.FB);
  put('mF', file.memory?.F);
  put('mI', file.memory?.I);
  put('mW', file.memory?.W);
  return parts.join(';');
}

/**
 * The table over `rows` rows, each row the mean of the old rows over its slice of the model's
 * depth (rows are equal slices in depth order), so a row keeps meaning "one share" or "one stage"
 * as the scalars do when P changes; one-value columns stay as they are.
 */
export function resampleTable(text: string, rows: number): string {
  const c = tableColumns(text);
  const file: Partial<Record<TableColumn, number[]>> = {};
  for (const k of TABLE_COLUMNS) {
    const v = c[k];
    if (!v) continue;
    if (v.length === 1 || v.length === rows) {
      file[k] = v;
      continue;
    }
    const L = v.length;
    file[k] = Array.from({ length: rows }, (_, j) => {
      const a = j / rows;
      const b = (j + 1) / rows;
      let sum = 0;
      for (let i = Math.floor(a * L); i < L && i / L < b; i++) sum += v[i]! * (Math.min(b, (i + 1) / L) - Math.max(a, i / L));
      return Number((sum * rows).toPrecision(12));
    });
  }
  return columnsText(file);
}
