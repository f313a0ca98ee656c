/**
 * A sweep's rows as files (docs/cli.md `sweep`): CSV (RFC 4180; a header of the column names,
 * `true`/`false`, an empty cell for a missing value) and JSON (an array of row objects with the
 * same keys, null for a missing value). The CLI prints these and the Explore view's CSV export is
 * the same text. Numbers are JavaScript's shortest round-trip form, so a value reads back exactly
 * as `pipescope schedule` printed it. Pure.
 */
import { MODEL_COLUMNS, SWEEP_COLUMNS, type SweepRow } from './sweep.ts';

export type SweepColumn = (typeof SWEEP_COLUMNS)[number] | (typeof MODEL_COLUMNS)[number];

export function sweepColumns(withModel: boolean): SweepColumn[] {
  return withModel ? [...SWEEP_COLUMNS, ...MODEL_COLUMNS] : [...SWEEP_COLUMNS];
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvHeader(withModel: boolean): string {
  return sweepColumns(withModel).join(',') + '\n';
}

export function csvLine(row: SweepRow, withModel: boolean): string {
  return (
    sweepColumns(withModel)
      .map((c) => cell(row[c]))
      .join(',') + '\n'
  );
}

export function sweepCsv(rows: readonly SweepRow[], withModel: boolean): string {
  let text = csvHeader(withModel);
  for (const r of rows) text += csvLine(r, withModel);
  return text;
}

/** The row with exactly the sweep's columns, in their order (null for missing values). */
export function rowObject(row: SweepRow, withModel: boolean): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const c of sweepColumns(withModel)) o[c] = row[c] ?? null;
  return o;
}

export function sweepJson(rows: readonly SweepRow[], withModel: boolean): string {
  return JSON.stringify(rows.map((r) => rowObject(r, withModel))) + '\n';
}
