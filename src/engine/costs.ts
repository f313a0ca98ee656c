/**
 * Op costs (docs/schedules.md §1.3, docs/cli.md): F forward, I backward-for-input, W backward-for-weights,
 * B full backward (default I + W), FB overlapped forward+backward (default F + B), comm latency
 * added to every cross-rank dependency (default 0). Cost units are the caller's (unit steps, µs).
 *
 * Per-stage costs (a costs file): an op of kind K on global stage s lasts K[s], as in sail-sg's
 * `passes.add_time`; lists are given per global stage or per rank (every stage of the rank), and
 * the file may carry the activation memory of each op per stage (sail-sg `GraphConfig` mem_f/b/w).
 */
import { ScheduleError, type InputIssue, type ScheduleField } from './errors.ts';
import type { Costs, Op, StageCosts, StageMemory, Topology } from './types.ts';

export const UNIT_COSTS: Readonly<Costs> = { F: 1, I: 1, W: 1, B: 2, FB: 3, comm: 0 };
export const COST_KEYS = ['F', 'I', 'W', 'B', 'FB', 'comm'] as const;
export const MAX_COST = 1e12;

type Issue = InputIssue<ScheduleField>;

/** A cost that is NaN, negative or absurd; null when usable. `fix` is the value to suggest for a non-number. */
function costValueIssue(field: ScheduleField, label: string, v: unknown, fix?: number): Issue | null {
  if (typeof v !== 'number' || !Number.isFinite(v))
    return { field, message: `${label} must be a finite number; got ${String(v)}`, ...(fix !== undefined ? { suggestion: fix } : {}) };
  if (v < 0) return { field, message: `${label} must not be negative; got ${v}`, suggestion: -v };
  if (v > MAX_COST) return { field, message: `${label} must be at most ${MAX_COST}; got ${v}`, suggestion: MAX_COST };
  return null;
}

/** The first cost that is NaN, negative or absurd, or all costs zero; null when the costs are usable. */
export function costsIssue(partial: Partial<Costs> = {}): Issue | null {
  for (const key of COST_KEYS) {
    const v = partial[key];
    if (v === undefined) continue;
    const issue = costValueIssue(key, `cost ${key}`, v, UNIT_COSTS[key]);
    if (issue) return issue;
  }
  const { F, I, W, B, FB } = withDefaults(partial);
  if (F + B + I + W + FB === 0) return { field: 'F', message: 'at least one op cost must be positive', suggestion: 1 };
  return null;
}

function withDefaults(partial: Partial<Costs>): Costs {
  const F = partial.F ?? UNIT_COSTS.F;
  const I = partial.I ?? UNIT_COSTS.I;
  const W = partial.W ?? UNIT_COSTS.W;
  const B = partial.B ?? I + W;
  const FB = partial.FB ?? F + B;
  return { F, I, W, B, FB, comm: partial.comm ?? 0 };
}

/** Fills defaults (B = I + W, FB = F + B); throws a ScheduleError for NaN, negative or absurd values. */
export function resolveCosts(partial: Partial<Costs> = {}): Costs {
  const issue = costsIssue(partial);
  if (issue) throw new ScheduleError(issue);
  return withDefaults(partial);
}

export function opCost(op: Op, costs: Costs): number {
  const t = costs.perStage;
  if (t === undefined) return costs[op.kind];
  if (op.kind === 'FB') {
    const pair = t.FBPair?.get(op.forward.stage * t.F.length + op.backward.stage);
    if (pair !== undefined) return pair;
    return t.FB ? t.FB[op.forward.stage]! : t.F[op.forward.stage]! + t.B[op.backward.stage]!;
  }
  return t[op.kind][op.stage]!;
}

/** A cost or memory entry of a costs file: one number for every stage, or a list per stage or per rank. */
export type StageValues = number | number[];

/** The content of a costs file (docs/cli.md `--costs-file`). */
export interface CostsFile {
  F?: StageValues;
  I?: StageValues;
  W?: StageValues;
  B?: StageValues;
  FB?: StageValues;
  comm?: number;
  memory?: { F?: StageValues; I?: StageValues; W?: StageValues };
}

const COST_FILE_KEYS = ['F', 'I', 'W', 'B', 'FB', 'comm', 'memory'];
const MEMORY_KEYS = ['F', 'I', 'W'];

/** Throws the issue of a costs-file entry as a ScheduleError. */
function reject(field: ScheduleField, message: string): never {
  throw new ScheduleError({ field, message });
}

/** A costs-file cost entry: as `costValueIssue`, without a suggestion (the field holds a list). */
function checkCost(label: string, v: unknown): void {
  const issue = costValueIssue('perStage', label, v);
  if (issue) reject('perStage', issue.message);
}

function checkMemory(label: string, v: unknown): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) reject('memory', `${label} must be a finite number; got ${String(v)}`);
  if (Math.abs(v) > MAX_COST) reject('memory', `${label} must be at most ${MAX_COST} in size; got ${v}`);
}

/** One value per global stage from a number, a per-stage list (length S) or a per-rank list (length P). */
function perStage(field: ScheduleField, label: string, v: unknown, topo: Topology, check: (label: string, x: unknown) => void): number[] {
  const S = topo.numStages;
  const P = topo.rankStages.length;
  if (!Array.isArray(v)) {
    check(label, v);
    return new Array<number>(S).fill(v as number);
  }
  v.forEach((x, i) => check(`${label}[${i}]`, x));
  if (v.length === S) return v.slice() as number[];
  if (v.length === P) return topo.stageRank.map((r) => v[r] as number);
  const lengths = S === P ? `${S}` : `${S} (one per stage) or ${P} (one per rank)`;
  return reject(field, `${label} must list ${lengths} entries; got ${v.length}`);
}

/** The value the reference takes when it wants one number per kind: the median stage's (upper median). */
export function medianOf(values: readonly number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Resolves a costs file on a topology: per-stage costs (B = I + W and FB = F + B stage by stage
 * unless given) and activation memory (default F 1, I 0, W −1; a missing I is 0 and a missing W
 * closes F + I + W = 0). Rejects unknown keys, bad numbers, wrong list lengths and memory that does
 * not balance per stage (sail-sg's GraphConfig asserts F + I + W = 0), as ScheduleErrors on the
 * field `perStage` (costs), `comm` or `memory`.
 */
export function resolveStageCosts(file: CostsFile, topo: Topology): Costs {
  if (typeof file !== 'object' || file === null || Array.isArray(file)) reject('perStage', 'the costs file must hold a JSON object');
  for (const key of Object.keys(file)) {
    if (!COST_FILE_KEYS.includes(key)) reject('perStage', `costs file: unknown key "${key}"; expected ${COST_FILE_KEYS.join(', ')}`);
  }
  const list = (key: 'F' | 'I' | 'W' | 'B' | 'FB', fallback: number[]) =>
    file[key] === undefined ? fallback : perStage('perStage', `costs file ${key}`, file[key], topo, checkCost);
  const unit = (x: number) => new Array<number>(topo.numStages).fill(x);
  const F = list('F', unit(UNIT_COSTS.F));
  const I = list('I', unit(UNIT_COSTS.I));
  const W = list('W', unit(UNIT_COSTS.W));
  const B = list(
    'B',
    I.map((x, s) => x + W[s]!),
  );
  const table: StageCosts = { F, I, W, B };
  if (file.FB !== undefined) table.FB = list('FB', []);
  const comm = file.comm ?? 0;
  const commIssue = costValueIssue('comm', 'costs file comm', comm, 0);
  if (commIssue) throw new ScheduleError(commIssue);
  const FB = table.FB ?? F.map((x, s) => x + B[s]!);
  const costs: Costs = { F: medianOf(F), I: medianOf(I), W: medianOf(W), B: medianOf(B), FB: medianOf(FB), comm, perStage: table };
  if (F.every((x, s) => x + B[s]! + I[s]! + W[s]! + FB[s]! === 0)) reject('perStage', 'costs file: at least one op cost must be positive');
  if (file.memory !== undefined) costs.memory = resolveMemory(file.memory, topo);
  return costs;
}

function resolveMemory(m: NonNullable<CostsFile['memory']>, topo: Topology): StageMemory {
  if (typeof m !== 'object' || m === null || Array.isArray(m))
    reject('memory', 'costs file memory must be an object {"F": ..., "I": ..., "W": ...}');
  for (const key of Object.keys(m)) {
    if (!MEMORY_KEYS.includes(key)) reject('memory', `costs file memory: unknown key "${key}"; expected F, I, W`);
  }
  const given = (key: 'F' | 'I' | 'W') =>
    m[key] === undefined ? undefined : perStage('memory', `costs file memory.${key}`, m[key], topo, checkMemory);
  const gI = given('I');
  const gW = given('W');
  const F = given('F') ?? (gI && gW ? gI.map((x, s) => -(x + gW[s]!)) : new Array<number>(topo.numStages).fill(1));
  const I = gI ?? (gW ? F.map((x, s) => -(x + gW[s]!)) : new Array<number>(topo.numStages).fill(0));
  const W = gW ?? F.map((x, s) => -(x + I[s]!));
  for (let s = 0; s < F.length; s++) {
    const where = `costs file memory on stage ${s}`;
    if (F[s]! < 0) reject('memory', `${where}: F allocates and must not be negative; got ${F[s]}`);
    if (I[s]! > 0 || W[s]! > 0) reject('memory', `${where}: I and W free memory and must not be positive; got I=${I[s]}, W=${W[s]}`);
    const sum = F[s]! + I[s]! + W[s]!;
    if (Math.abs(sum) > 1e-9 * Math.max(1, F[s]!)) {
      reject(
        'memory',
        `${where}: F + I + W must be 0 (what a forward allocates, its backward frees); got ${F[s]} + ${I[s]} + ${W[s]} = ${sum}`,
      );
    }
  }
  return { F, I, W };
}

/** Activation memory of each op kind per stage: the costs file's, or F 1, I 0, W −1 (forward activations). */
export function stageMemoryOf(costs: Costs, numStages: number): StageMemory {
  if (costs.memory) return costs.memory;
  const fill = (x: number) => new Array<number>(numStages).fill(x);
  return { F: fill(1), I: fill(0), W: fill(-1) };
}
