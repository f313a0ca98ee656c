/**
 * The memory limit as the app shows it (docs/units.md §2.1): amounts in A of the cost basis (the
 * engine's memory model), shown through a MemoryUnit so a result with bytes per A (costs from a
 * model configuration) shows GB, and the limit per rank (a typed limit, or each rank's HBM budget).
 * Which ops pass it: render/overLimit.ts. Pure.
 */
import type { EngineOk } from './runEngine.ts';

/** How activation amounts (A) are shown: value × perA, with its symbol. */
export interface MemoryUnit {
  symbol: string;
  /** shown units per A (1 for A itself; bytes per A / 1e9 for GB) */
  perA: number;
  /** what one A is, for headings and tooltips */
  meaning: string;
  /** digits after the point, where a fixed count reads better than 4 significant digits (GB) */
  fixed?: number;
}

export const ACTIVATION_UNIT: MemoryUnit = { symbol: 'A', perA: 1, meaning: 'one micro-batch through a model part' };

/** The unit of the params' basis: A of a rank's share, or of one stage (model part). */
export function activationUnitOf(basis: 'share' | 'stage'): MemoryUnit {
  return basis === 'share'
    ? { ...ACTIVATION_UNIT, meaning: "one micro-batch through a rank's share of the model (1/P)" }
    : { ...ACTIVATION_UNIT, meaning: 'one micro-batch through one model part (a stage)' };
}

/** A value in the unit, short: "12.5 A", "3.2 GB". */
export function formatMemory(a: number, unit: MemoryUnit = ACTIVATION_UNIT): string {
  const v = a * unit.perA;
  return `${unit.fixed !== undefined ? v.toFixed(unit.fixed) : Number(v.toPrecision(4))} ${unit.symbol}`;
}

/** How a result's amounts read: GB when its costs come from the model (bytes), else A of its basis. */
export function memoryUnitOf(r: EngineOk): MemoryUnit {
  if (!r.memory) return activationUnitOf(r.params.basis);
  return { symbol: r.memory.unit, perA: 1 / r.memory.bytesPerUnit, meaning: 'bytes of activations', fixed: 1 };
}

/**
 * The limit per rank in the result's amounts: the HBM left for activations with model costs (it
 * differs by rank: the first and last stages hold the embedding and head), else the params' one
 * limit on every rank; null without a limit.
 */
export function rankLimitsOf(r: EngineOk, ranks: number, limit: number | null): number[] | null {
  if (r.memory) return r.memory.limitBytes;
  return limit === null ? null : Array.from({ length: ranks }, () => limit);
}
