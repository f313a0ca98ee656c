/**
 * PyTorch pipelining schedule CSV (docs/interop.md §4; torch `_dump_csv` / `_load_csv`, torchtitan
 * `--parallelism.pipeline_parallel_schedule_csv`): one row per rank in rank order, each cell one
 * action `[stage][type][microbatch]` — `2F0`, `1I2`, `0W2`, `3B1` (B = full backward, I = backward
 * for input, W = backward for weights), an overlapped pair `(0F3;7B1)OVERLAP_F_B`, bookkeeping
 * actions (`1UNSHARD`, `0RESHARD`, `0REDUCE_GRAD`, `3SEND_F1`, `2RECV_B0`, skipped here because the
 * engine derives communication itself), and empty cells (or `.`) for idle steps.
 *
 * Export writes the `compute_only` form; import turns any such file (commas, or the golden files'
 * space-separated `slots`) into an engine `Schedule` named 'custom' whose stage layout is inferred
 * from which row holds which stage, then checks it (engine `orderProblem`) and simulates it (engine
 * `simulate`, which reports deadlocks). Stage and micro-batch ids are global, as in the engine.
 */
import { DeadlockError, LIMITS, ScheduleError, deadlockMessage, halvesOf, inferTopology, orderProblem, simulate } from '../engine/index.ts';
import type { Costs, Op, OpLocator, Schedule, SimpleKind, SimpleOp, StageMb, Timeline } from '../engine/index.ts';
import { ImportError, quote } from './errors.ts';
import { checkImportText } from './limits.ts';

// ---------------------------------------------------------------------------------------------
// Export

function simpleAction(kind: SimpleKind, { stage, microbatch }: StageMb): string {
  return `${stage}${kind}${microbatch}`;
}

/** One op as a torch action string: `0F3`, `(0F3;7B1)OVERLAP_F_B`. */
export function torchAction(op: Op): string {
  if (op.kind === 'FB')
    return `(${halvesOf(op)
      .map((h) => simpleAction(h.kind, h))
      .join(';')})OVERLAP_F_B`;
  return simpleAction(op.kind, op);
}

/**
 * The schedule as a `compute_only` CSV. Each row lists the rank's ops in execution order with no
 * idle cells: torch's runtime ignores idle cells (they are `None` actions), and the order, not the
 * step, is what the runtime executes.
 */
export function exportTorchCsv(schedule: Schedule): string {
  // torch actions name a stage and a micro-batch only; a sequence chunk has no place in them
  if ((schedule.seqSplits ?? 1) > 1) {
    throw new ScheduleError({
      field: 'seqSplits',
      message: `PyTorch's action CSV has no sequence chunks, so ${schedule.name} (${schedule.seqSplits} per micro-batch) cannot be written as one`,
      suggestion: 1,
    });
  }
  return schedule.ops.map((ops) => ops.map(torchAction).join(',')).join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// Grammar

/** One action `[stage][type][microbatch]` (torch `_action_regex`); also read from profiler ranges (src/measured). */
export const TORCH_ACTION = /^(\d{1,9})(F|I|B|W|UNSHARD|RESHARD|REDUCE_GRAD|SEND_F|RECV_F|SEND_B|RECV_B)(\d{0,9})$/;
/** An overlapped pair `(0F3;7B1)OVERLAP_F_B`; group 1 holds the sub-actions. */
export const TORCH_OVERLAP = /^\((.*)\)OVERLAP_F_B$/;
const COMPUTE = new Set(['F', 'I', 'B', 'W']);
const NO_MICROBATCH = new Set(['UNSHARD', 'RESHARD', 'REDUCE_GRAD']);
const EXPECTED = 'expected forms like 0F3, 1I2, 0W2, 3B1, (0F3;7B1)OVERLAP_F_B, 1UNSHARD, 3SEND_F1 or an empty cell';

/** Where an op came from in the file (1-based, as a spreadsheet shows it). */
export interface CellRef {
  row: number;
  cell: number;
}

export interface ParsedTorchCsv {
  /** ops[r] = rank r's compute ops in order (idle and bookkeeping cells removed) */
  ops: Op[][];
  /** cells[r][i] = where ops[r][i] is in the file */
  cells: CellRef[][];
  /** bookkeeping actions skipped (UNSHARD, SEND_F, ...) */
  skipped: number;
}

/** A simple action, or null for a bookkeeping one. Throws with the cell's position. */
function parseSimple(text: string, at: string): SimpleOp | null {
  const m = TORCH_ACTION.exec(text);
  if (!m) throw new ImportError(`${at}: unknown action ${quote(text)}; ${EXPECTED}`);
  const [, stage, type, mb] = m;
  if (NO_MICROBATCH.has(type)) {
    if (mb !== '') throw new ImportError(`${at}: ${type} takes no micro-batch; got ${quote(text)}`);
    return null;
  }
  if (mb === '') throw new ImportError(`${at}: action ${quote(text)} needs a micro-batch number after ${type}`);
  if (!COMPUTE.has(type)) return null;
  return { kind: type as SimpleKind, stage: Number(stage), microbatch: Number(mb) };
}

function parseCell(raw: string, at: string): Op | null {
  let text = raw.trim();
  // spreadsheets may quote every cell; torch never does (actions contain no comma)
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) text = text.slice(1, -1).replace(/""/g, '"').trim();
  if (text === '' || text === '.') return null;
  const pair = TORCH_OVERLAP.exec(text);
  if (!pair) return parseSimple(text, at);
  const parts = pair[1].split(';').map((p) => parseSimple(p.trim(), at));
  const f = parts.filter((p) => p?.kind === 'F');
  const b = parts.filter((p) => p?.kind === 'B');
  if (parts.length !== 2 || f.length !== 1 || b.length !== 1) {
    throw new ImportError(
      `${at}: OVERLAP_F_B must pair one forward F with one full backward B, like (0F3;7B1)OVERLAP_F_B; got ${quote(text)}`,
    );
  }
  return {
    kind: 'FB',
    forward: { stage: f[0]!.stage, microbatch: f[0]!.microbatch },
    backward: { stage: b[0]!.stage, microbatch: b[0]!.microbatch },
  };
}

/** Reads the action grammar only (no legality checks): rows → per-rank compute ops. */
export function parseTorchCsv(text: string): ParsedTorchCsv {
  checkImportText(text, 'the schedule CSV');
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length > LIMITS.ranks)
    throw new ImportError(`the schedule CSV has ${lines.length} rows (one per rank); at most ${LIMITS.ranks} ranks are supported`);
  // Golden `slots` and hand-typed files separate cells by spaces; torch's csv writer by commas.
  const comma = text.includes(',');
  const ops: Op[][] = [];
  const cells: CellRef[][] = [];
  let skipped = 0;
  let total = 0;
  lines.forEach((line, r) => {
    const raw = comma ? line.split(',') : line.trim().split(/\s+/);
    total += raw.length;
    if (total > 2 * LIMITS.ops)
      throw new ImportError(`the schedule CSV has more than ${2 * LIMITS.ops} cells; the limit is ${LIMITS.ops} ops`);
    const rowOps: Op[] = [];
    const rowCells: CellRef[] = [];
    raw.forEach((cell, c) => {
      const op = parseCell(cell, `row ${r + 1}, cell ${c + 1}`);
      if (op) {
        rowOps.push(op);
        rowCells.push({ row: r + 1, cell: c + 1 });
      } else if (/[A-Z]/.test(cell)) skipped++;
    });
    ops.push(rowOps);
    cells.push(rowCells);
  });
  return { ops, cells, skipped };
}

// ---------------------------------------------------------------------------------------------
// Schedule inference

/** Where op #i of rank r sits in the file, for the engine's messages (checkOrder, deadlocks). */
const locator =
  (cells: CellRef[][]): OpLocator =>
  (r, i) => {
    const c = cells[r]?.[i];
    return c ? `row ${c.row}, cell ${c.cell}` : undefined;
  };

/**
 * For a missing micro-batch: where it does appear. torch's own 1F1B plan (golden README) runs
 * micro-batches 1..M on its last rank; pointing at that cell names the real mistake.
 */
function whereMicrobatch(mb: number | undefined, ops: Op[][], cells: CellRef[][]): string {
  if (mb === undefined) return '';
  for (let r = 0; r < ops.length; r++) {
    const i = ops[r].findIndex((op) => halvesOf(op).some((p) => p.microbatch === mb));
    if (i >= 0) return `; micro-batch ${mb} appears at row ${cells[r][i].row}, cell ${cells[r][i].cell} (${torchAction(ops[r][i])})`;
  }
  return '';
}

/** The CSV as a legal custom schedule (throws ImportError naming the first problem). */
export function scheduleFromTorchCsv(text: string): Schedule {
  return checkedSchedule(text).schedule;
}

function checkedSchedule(text: string): { schedule: Schedule; cells: CellRef[][] } {
  const { ops, cells } = parseTorchCsv(text);
  const P = ops.length;
  const stageRank = new Map<number, number>();
  let maxMb = -1;
  let count = 0;
  ops.forEach((row, r) => {
    if (row.length === 0)
      throw new ImportError(`row ${r + 1} (rank ${r}) has no F, I, B, W or OVERLAP_F_B action; every rank must hold a stage`);
    row.forEach((op, i) => {
      for (const p of halvesOf(op)) {
        const held = stageRank.get(p.stage);
        if (held !== undefined && held !== r) {
          const c = cells[r][i];
          throw new ImportError(
            `row ${c.row}, cell ${c.cell}: stage ${p.stage} appears on rank ${held} and rank ${r}; each stage must live on one rank (one row)`,
          );
        }
        stageRank.set(p.stage, r);
        if (p.microbatch > maxMb) maxMb = p.microbatch;
        count++;
      }
    });
  });
  const S = Math.max(...stageRank.keys()) + 1;
  for (let s = 0; s < S; s++) {
    if (!stageRank.has(s)) throw new ImportError(`stage ${s} appears in no row; stages must be numbered 0..${S - 1} without gaps`);
  }
  const M = maxMb + 1;
  // Every (stage, micro-batch) needs a forward, so M·S ≤ ops; checking first keeps a stray huge id
  // from allocating the checker's S·M tables.
  if (S * M > count) {
    throw new ImportError(
      `micro-batch ${maxMb} implies at least ${M} micro-batches through ${S} stages, but the file has only ${count} actions; micro-batches must be numbered 0..M-1`,
    );
  }
  if (M > LIMITS.microbatches) throw new ImportError(`the schedule has ${M} micro-batches; at most ${LIMITS.microbatches} are supported`);
  const topology = inferTopology(
    ops,
    Array.from({ length: S }, (_, s) => stageRank.get(s)!),
    M,
  );
  const schedule: Schedule = {
    name: 'custom',
    ranks: P,
    microbatches: M,
    stagesPerRank: Math.max(...topology.rankStages.map((s) => s.length)),
    topology,
    ops,
  };
  const problem = orderProblem(schedule, locator(cells));
  if (problem) throw new ImportError(`the schedule is not legal: ${problem.message}${whereMicrobatch(problem.microbatch, ops, cells)}`);
  return { schedule, cells };
}

export interface TorchCsvImport {
  schedule: Schedule;
  timeline: Timeline;
}

/** Parses, checks and simulates a CSV with the given costs; deadlocks are ImportErrors. */
export function importTorchCsv(text: string, costs: Costs): TorchCsvImport {
  const { schedule, cells } = checkedSchedule(text);
  try {
    return { schedule, timeline: simulate(schedule, costs) };
  } catch (e) {
    if (e instanceof DeadlockError)
      throw new ImportError(`the schedule cannot run: ${deadlockMessage(schedule, e.blocked, locator(cells))}`);
    if (e instanceof ScheduleError) throw new ImportError(`the schedule cannot run: ${e.message}`);
    throw e;
  }
}
