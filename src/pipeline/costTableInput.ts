/**
 * Ways into the per-stage cost table (docs/schedules.md §1.5), pure: a pasted spreadsheet range
 * and the "uneven layers" fill, each giving a costs file (docs/cli.md `--costs-file` lists) for
 * the store's setStageCosts; and the raw cells of the table's draft text for the table editor.
 */
import type { CostsFile } from '../engine/index.ts';
import { isNumberText } from '../store/numberText.ts';
import { MAX_ROWS, TABLE_COLUMNS, columnsFile, type TableColumn } from '../store/stageTable.ts';

/** Header names a spreadsheet may use for each column (lower case, spaces removed). */
const NAMES: Record<string, TableColumn | null> = {
  f: 'F',
  i: 'I',
  w: 'W',
  b: 'B',
  fb: 'FB',
  'f&b': 'FB',
  mf: 'mF',
  mi: 'mI',
  mw: 'mW',
  memf: 'mF',
  memi: 'mI',
  memw: 'mW',
  'memory.f': 'mF',
  'memory.i': 'mI',
  'memory.w': 'mW',
  memoryf: 'mF',
  memoryi: 'mI',
  memoryw: 'mW',
  stage: null,
  rank: null,
  share: null,
  row: null,
  '#': null,
};

/**
 * A pasted range: rows on lines, cells split by tabs (a spreadsheet copy) or commas; a first row
 * with any non-number cell is a header naming the columns (F, I, W, B, F&B, mem F…; stage/rank
 * columns ignored), else the columns are F, I, W, B, FB, mF, mI, mW in that order. Throws an
 * Error with one sentence on the first problem.
 */
export function parsePastedTable(text: string): CostsFile {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (lines.length === 0) throw new Error('nothing to paste: copy a range with one row per stage (F, I, W columns)');
  const sep = lines[0]!.includes('\t') ? '\t' : lines[0]!.includes(';') && !lines[0]!.includes(',') ? ';' : ',';
  const rows = lines.map((l) => l.split(sep).map((c) => c.trim()));
  let order: (TableColumn | null)[] = [...TABLE_COLUMNS];
  if (rows[0]!.some((c) => c !== '' && !isNumberText(c))) {
    order = rows.shift()!.map((h) => {
      const key = h.toLowerCase().replace(/\s+/g, '');
      if (!(key in NAMES))
        throw new Error(`unknown column "${h.slice(0, 20)}"; expected F, I, W, B, F&B, mem F, mem I, mem W (or stage, rank)`);
      return NAMES[key]!;
    });
  }
  if (rows.length === 0) throw new Error('the pasted range has a header but no rows');
  if (rows.length > MAX_ROWS) throw new Error(`the pasted range has ${rows.length} rows; at most ${MAX_ROWS}`);
  const cols: Partial<Record<TableColumn, number[]>> = {};
  order.forEach((key, j) => {
    if (key === null) return;
    const cells = rows.map((r) => r[j] ?? '');
    if (cells.every((c) => c === '')) return; // an empty column keeps its default
    cols[key] = cells.map((c, i) => {
      if (!isNumberText(c)) throw new Error(`row ${i + 1}, column ${key}: "${c.slice(0, 20)}" is not a number`);
      return Number(c);
    });
  });
  if (Object.keys(cols).length === 0) throw new Error('the pasted range has no cost column');
  return columnsFile(cols);
}

/** A list of whole or fractional layer counts: "4,4,4,3" or "4 4 4 3". */
export function parseLayers(text: string): number[] {
  const parts = text.split(/[\s,;]+/).filter((s) => s !== '');
  const v = parts.map(Number);
  const bad = parts.findIndex((s, i) => !isNumberText(s) || !(v[i]! >= 0));
  if (parts.length === 0) throw new Error('list the layers of each row, e.g. 3,4,4,4,4,4,4,3');
  if (bad >= 0) throw new Error(`layers entry ${bad + 1} ("${parts[bad]!.slice(0, 12)}") is not a non-negative number`);
  if (v.length > MAX_ROWS) throw new Error(`${v.length} rows; at most ${MAX_ROWS}`);
  return v;
}

export interface UnevenLayers {
  /** layers per row (share or stage, depth order) */
  layers: number[];
  /** extra work on the first row (embedding), in layers */
  embedding: number;
  /** extra work on the last row (LM head, loss, MTP), in layers */
  head: number;
  /** the scalar costs the rows scale: a row of mean work costs these */
  F: number;
  I: number;
  W: number;
}

/**
 * Costs ∝ each row's work w_k = layers_k (+ embedding on the first row, + head on the last),
 * normalised so a row of mean work costs the scalars F, I, W; activation memory (mF) ∝ w_k the
 * same way (mean 1 A). Throws when every row is empty.
 */
export function unevenLayersTable(u: UnevenLayers): CostsFile {
  const w = u.layers.map((l, k) => l + (k === 0 ? u.embedding : 0) + (k === u.layers.length - 1 ? u.head : 0));
  const mean = w.reduce((a, b) => a + b, 0) / w.length;
  if (!(mean > 0)) throw new Error('every row has zero work; give at least one layer');
  const r = (x: number) => Number(x.toPrecision(6));
  const k = w.map((x) => x / mean);
  return { F: k.map((x) => r(x * u.F)), I: k.map((x) => r(x * u.I)), W: k.map((x) => r(x * u.W)), memory: { F: k.map(r) } };
}

/** The table draft's cells as typed (tolerant: any text per cell), per column. */
export function rawColumns(text: string): Partial<Record<TableColumn, string[]>> {
  const out: Partial<Record<TableColumn, string[]>> = {};
  for (const part of text.split(';')) {
    const colon = part.indexOf(':');
    if (colon < 0) continue;
    const key = part.slice(0, colon).trim() as TableColumn;
    if ((TABLE_COLUMNS as readonly string[]).includes(key)) out[key] = part.slice(colon + 1).split(',');
  }
  return out;
}
