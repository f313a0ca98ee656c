/**
 * Closed-form bubbles (docs/schedules.md §2): the papers' per-rank bubble for equal per-op costs, shown
 * beside the simulated value. Costs are per op as the engine runs them (per chunk for chunked
 * schedules), so Megatron's (P-1)(t_F+t_B)/v with per-stage times is (P-1)(F+B) per chunk op.
 * Sources: GPipe/1F1B/interleaved — Narayanan et al. 2021; ZB-H1/H2/V — Zero Bubble paper §2, §6;
 * DualPipe/DualPipeV — DualPipe README / DeepSeek-V3 Table 2 (exact only at FB = F+B,
 * B = 2F = 2W; an upper bound otherwise).
 */
import type { Costs, ScheduleName } from './types.ts';

export interface ClosedForm {
  /** bubble per rank (max over ranks), cost units; never negative */
  value: number;
  formula: string;
  /** when the papers' formula is exact; outside it the simulated bubble is the answer */
  exactWhen: string;
}

export function closedFormBubble(name: ScheduleName, ranks: number, microbatches: number, c: Costs): ClosedForm | null {
  // the formulas assume one cost per op kind on every stage
  if (!uniformCosts(c)) return null;
  const P = ranks;
  const pos = (x: number) => Math.max(0, x);
  switch (name) {
    case 'gpipe':
    case '1f1b':
    case 'interleaved-1f1b':
      return {
        value: (P - 1) * (c.F + c.B),
        formula: '(P−1)(F+B)',
        exactWhen: `M ≥ P, comm = 0${name === 'interleaved-1f1b' ? ', costs per chunk op' : ''}`,
      };
    case 'zb-h1':
      return { value: pos((P - 1) * (c.F + c.I - c.W)), formula: '(P−1)(F+I−W)', exactWhen: `M ≥ P, comm = 0, F = I = W` };
    case 'zb-h2':
      return { value: pos((P - 1) * (c.F + c.I - 2 * c.W)), formula: '(P−1)(F+I−2W)', exactWhen: 'M ≥ 2P, comm = 0, F = I = W' };
    case 'zb-v':
    case 'zb-v-auto':
      return { value: 0, formula: '0', exactWhen: `F = I = W, comm = 0, M ≥ 2P (M=${microbatches})` };
    case 'dualpipe':
      return {
        value: pos((P / 2 - 1) * (c.FB + c.B - 3 * c.W)),
        formula: '(P/2−1)(F&B+B−3W)',
        exactWhen: 'F&B = F+B, B = 2F = 2W, comm = 0',
      };
    case 'dualpipev':
      return {
        value: pos((P - 1) * (c.FB + c.B - 3 * c.W)),
        formula: '(PP/2−1)(F&B+B−3W), PP = 2P',
        exactWhen: 'F&B = F+B, B = 2F = 2W, comm = 0',
      };
    default:
      return null;
  }
}

/** Whether every stage costs the same per op kind (no per-stage list differs from its first entry). */
export function uniformCosts(c: Costs): boolean {
  const t = c.perStage;
  if (!t) return true;
  if (t.FBPair && new Set(t.FBPair.values()).size > 1) return false;
  return [t.F, t.I, t.W, t.B, t.FB ?? []].every((list) => list.every((x) => x === list[0]));
}
