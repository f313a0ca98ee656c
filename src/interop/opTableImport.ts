/**
 * Re-opening the app's own op table (opTable.ts, Export → Op table CSV). The table has every op
 * half's rank, stage, micro-batch, kind and times, so it gives back the per-rank op order and the
 * costs: one duration per op kind, or, when a kind lasts differently on different stages, one per
 * (kind, stage) — per-stage costs (engine resolveStageCosts; an F&B by its forward half's stage). The order becomes a schedule through the PyTorch action CSV
 * reader (torchCsv.ts: the same legality checks as any imported order); when it is exactly a
 * built-in schedule's order at its P, M and v (the engine's matchBuiltIn), that schedule is named
 * instead of a custom one.
 *
 * What the table cannot give back: the overlap model (preset, SM split, bandwidths) of a table
 * exported in the detailed mode. Its op durations are the model's µs, so the op timeline comes
 * back in plain mode with those costs in µs; the pieces are not re-created.
 */
import { ScheduleError, matchBuiltIn, resolveCosts, resolveStageCosts } from '../engine/index.ts';
import type { Costs, CostsFile, Schedule } from '../engine/index.ts';
import { ImportError, quote } from './errors.ts';
import { OP_TABLE_COLUMNS } from './opTable.ts';
import { scheduleFromTorchCsv } from './torchCsv.ts';

/** Columns a table must start with to be read as one (time_unit and later are optional). */
const REQUIRED = OP_TABLE_COLUMNS.slice(0, OP_TABLE_COLUMNS.indexOf('dur') + 1);

/** Whether a text's first line is the op table's header. */
export function isOpTable(text: string): boolean {
  const first = /^[^\r\n]*/.exec(text.replace(/^\uFEFF/, ''))![0].trim();
  return first.startsWith(REQUIRED.join(','));
}

export interface OpTableImport {
  /** the op order: a built-in schedule's when it matches one, else 'custom' */
  schedule: Schedule;
  costs: Costs;
  /** the table's time unit: µs for tables from the detailed mode or µs costs */
  costUnit: 'cost' | 'us';
  /** the table came from the detailed (overlap) mode: its pieces are not re-created */
  detailed: boolean;
}

type Kind = 'F' | 'B' | 'I' | 'W' | 'FB';

interface Half {
  row: number;
  rank: number;
  stage: number;
  microbatch: number;
  op: string;
  start: number;
  end: number;
}

const OP_NAMES = new Set(['F', 'B', 'I', 'W', 'F&B:F', 'F&B:B']);

function wholeNumber(text: string, what: string, row: number): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isInteger(v) || v < 0)
    throw new ImportError(`op table row ${row}: ${what} must be a whole number; got ${quote(text)}`);
  return v;
}

function time(text: string, what: string, row: number): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v)) throw new ImportError(`op table row ${row}: ${what} must be a number; got ${quote(text)}`);
  return v;
}

/** Reads an op table; throws ImportError naming the row of the first problem. */
export function importOpTable(text: string): OpTableImport {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const header = lines[0].trim().split(',');
  const col = (name: string) => header.indexOf(name);
  const at = Object.fromEntries(REQUIRED.map((c) => [c, col(c)])) as Record<(typeof REQUIRED)[number], number>;
  const unitCol = col('time_unit');
  if (col('split') >= 0)
    throw new ImportError(
      'this op table is of a schedule with sequence splits (Seq1F1B, its "split" column), which an op table cannot re-open; import its project file instead',
    );
  const smsCol = col('sms');
  const halves: Half[] = [];
  // per kind: duration per stage (the forward half's for F&B); comm on stage -1
  const durations = new Map<Kind | 'comm', Map<number, { dur: number; row: number }>>();
  let unit: string | null = null;
  let detailed = false;
  const note = (kind: Kind | 'comm', stage: number, dur: number, row: number) => {
    let byStage = durations.get(kind);
    if (!byStage) durations.set(kind, (byStage = new Map()));
    const seen = byStage.get(stage);
    if (!seen) byStage.set(stage, { dur, row });
    else if (Math.abs(seen.dur - dur) > 1e-6 * Math.max(1, Math.abs(dur)))
      throw new ImportError(
        `op table rows ${seen.row} and ${row}: ${kind === 'FB' ? 'F&B' : kind}${stage >= 0 ? ` on stage ${stage}` : ''} takes ${seen.dur} and ${dur}; the app runs one cost per op kind and stage, so this table cannot be re-opened (import its project or PyTorch CSV instead)`,
      );
  };
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const row = i + 1;
    const cells = line.split(',');
    if (cells.length < header.length)
      throw new ImportError(`op table row ${row} has ${cells.length} cells; the header names ${header.length}`);
    if (unitCol >= 0) {
      const u = cells[unitCol].trim();
      if (u !== 'cost' && u !== 'us') throw new ImportError(`op table row ${row}: time_unit is "cost" or "us"; got ${quote(u)}`);
      if (unit !== null && u !== unit)
        throw new ImportError(`op table row ${row}: time_unit ${quote(u)} differs from the rows above (${quote(unit)})`);
      unit = u;
    }
    if (smsCol >= 0 && cells[smsCol].trim() !== '') detailed = true;
    const op = cells[at.op].trim();
    const lane = cells[at.lane].trim();
    if (lane === 'pp' && (op === 'send(F)' || op === 'send(B)')) {
      note('comm', -1, time(cells[at.dur], 'dur', row), row);
      continue;
    }
    if (lane !== 'compute' || !OP_NAMES.has(op)) continue; // an overlap piece (attn(F)@0 ...)
    const h: Half = {
      row,
      rank: wholeNumber(cells[at.rank], 'rank', row),
      stage: wholeNumber(cells[at.stage], 'stage', row),
      microbatch: wholeNumber(cells[at.microbatch], 'microbatch', row),
      op,
      start: time(cells[at.start], 'start', row),
      end: time(cells[at.end], 'end', row),
    };
    halves.push(h);
    // an F&B is costed by its forward half's stage (engine StageCosts.FB)
    if (op !== 'F&B:B') note(op === 'F&B:F' ? 'FB' : (op as Kind), h.stage, h.end - h.start, row);
  }
  if (halves.length === 0) throw new ImportError('the op table has no op rows (lane "compute", op F, B, I, W or F&B)');

  const csv = torchCsvOf(halves);
  let custom: Schedule;
  try {
    custom = scheduleFromTorchCsv(csv);
  } catch (e) {
    throw new ImportError(`the op table's op order is not a schedule: ${(e as Error).message}`);
  }
  const costs = costsOf(durations, custom);
  return {
    schedule: matchBuiltIn(custom, costs).match ?? custom,
    costs,
    costUnit: unit === 'us' || (unit === null && detailed) ? 'us' : 'cost',
    detailed,
  };
}

/** The halves as a PyTorch compute_only CSV: ranks by row, ops by start, F&B halves paired. */
function torchCsvOf(halves: Half[]): string {
  const ranks = halves.reduce((n, h) => Math.max(n, h.rank), -1) + 1;
  const rows: Half[][] = Array.from({ length: ranks }, () => []);
  for (const h of halves) rows[h.rank].push(h);
  return (
    rows
      .map((list) => {
        // file order breaks ties in time: the table lists an op before what starts at its end
        const sorted = list.map((h, k) => ({ h, k })).sort((a, b) => a.h.start - b.h.start || a.k - b.k);
        const cells: string[] = [];
        for (let k = 0; k < sorted.length; k++) {
          const h = sorted[k].h;
          if (h.op === 'F&B:F' || h.op === 'F&B:B') {
            const other = sorted[k + 1]?.h;
            const pair = other && other.op !== h.op && other.op.startsWith('F&B') && other.start === h.start ? other : null;
            if (!pair)
              throw new ImportError(
                `op table row ${h.row}: ${h.op} has no matching ${h.op === 'F&B:F' ? 'F&B:B' : 'F&B:F'} half at the same start`,
              );
            const [f, b] = h.op === 'F&B:F' ? [h, pair] : [pair, h];
            cells.push(`(${f.stage}F${f.microbatch};${b.stage}B${b.microbatch})OVERLAP_F_B`);
            k++;
          } else cells.push(`${h.stage}${h.op}${h.microbatch}`);
        }
        return cells.join(',');
      })
      .join('\n') + '\n'
  );
}

/**
 * The table's costs: one number per kind when every stage that ran it took as long, else per-stage
 * lists (a stage that ran no op of a kind takes the kind's median, which no op reads).
 */
function costsOf(durations: Map<Kind | 'comm', Map<number, { dur: number; row: number }>>, schedule: Schedule): Costs {
  const comm = durations.get('comm')?.get(-1)?.dur ?? 0;
  const kinds = ['F', 'I', 'W', 'B', 'FB'] as const;
  const values = (k: Kind) => [...(durations.get(k)?.values() ?? [])].map((v) => v.dur);
  const uniform = kinds.every((k) => new Set(values(k)).size <= 1);
  if (uniform) {
    const one = (k: Kind) => values(k)[0];
    const partial: Partial<Costs> = { comm };
    for (const k of kinds) if (one(k) !== undefined) partial[k] = one(k);
    return resolveCosts(partial);
  }
  const S = schedule.topology.numStages;
  const file: CostsFile = { comm };
  for (const k of kinds) {
    const byStage = durations.get(k);
    if (!byStage) continue;
    const sorted = values(k).sort((a, b) => a - b);
    const fill = sorted[sorted.length >> 1]!;
    file[k] = Array.from({ length: S }, (_, s) => byStage.get(s)?.dur ?? fill);
  }
  try {
    return resolveStageCosts(file, schedule.topology);
  } catch (e) {
    if (e instanceof ScheduleError) throw new ImportError(`the op table's per-stage durations do not make costs: ${e.message}`);
    throw e;
  }
}
