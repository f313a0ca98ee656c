/**
 * Per-stage op costs fitted from a measured step (docs/measured.md §5), in µs: for each kind (F, I,
 * W, B, FB) and global stage, the median compute time (range end − compute start, so the wait for
 * a received input is not counted) with its spread (min, quartiles, max, samples). The median
 * resists the slow first forward of a step (warm-up) and one-off stalls. `costs` is a costs file for
 * `pipescope schedule --costs-file` (docs/cli.md): a kind is listed when every stage ran it. An FB
 * op is filed under its forward half's stage.
 *
 * The runtime's time between consecutive compute ranges is reported beside them (`gapSpread`).
 *
 * Comm latency: from send to completed receive, over the transfers whose receiver was waiting
 * (only then does the completion time say when the data arrived); without receive completions,
 * from the producer's end to the consumer's start where the consumer waited.
 */
import { TRANSFER_SLOT, type MeasuredRun } from './types.ts';
import { computeStart, opWaits } from './waits.ts';

export const FIT_KINDS = ['F', 'I', 'W', 'B', 'FB'] as const;
export type FitKind = (typeof FIT_KINDS)[number];

export interface Spread {
  n: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
}

export interface FittedCosts {
  /** costs[K][s] = median µs of kind K on stage s (a costs file for schedule --costs-file) */
  costs: Partial<Record<FitKind, number[]>> & { comm: number };
  /** spread[K][s] of the samples behind each median (null: stage s never ran K) */
  spread: Partial<Record<FitKind, (Spread | null)[]>>;
  /** each kind's mean over the stages that ran it, µs (the scalar costs the simulator gets today) */
  stageMeans: Partial<Record<FitKind, number>>;
  commSpread: Spread | null;
  /**
   * Time between one compute range's end and the next one's start on the same rank, µs: the
   * runtime's own work per action (posting sends and receives, Python), which no op cost holds.
   */
  gapSpread: Spread | null;
  /** what the comm latency was fitted from */
  commFrom: 'send→receive completion' | 'producer end→consumer start' | 'none';
  notes: string[];
}

/** Quantile with linear interpolation (numpy's default). */
function quantile(sorted: number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

export function spreadOf(samples: number[]): Spread {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, min: s[0], q1: quantile(s, 0.25), median: quantile(s, 0.5), q3: quantile(s, 0.75), max: s[s.length - 1] };
}

function commSamples(run: MeasuredRun): { samples: number[]; from: FittedCosts['commFrom'] } {
  const waits = opWaits(run);
  // each send by the data it moves: slot kind, producer stage, micro-batch
  const sends = new Map<string, number>();
  const key = (slot: number, stage: number, mb: number) => `${slot}:${stage}:${mb}`;
  for (const { comm } of run.measured)
    for (const c of comm) {
      const slot = TRANSFER_SLOT[c.kind];
      if ((c.kind === 'SEND_F' || c.kind === 'SEND_B') && slot !== undefined && c.microbatch !== null)
        sends.set(key(slot, c.stage, c.microbatch), c.start);
    }
  const completions: number[] = [];
  const gaps: number[] = [];
  let anyArrival = false;
  run.measured.forEach(({ ops, comm }, r) => {
    for (const c of comm) if (c.arrived !== undefined) anyArrival = true;
    ops.forEach((m, i) => {
      const w = waits[r][i];
      if (!w.producer) return;
      if (m.arrived !== undefined) {
        // the send of the transfer it waited for
        const e = w.input!;
        const sent = sends.get(key(e.slot, e.stage, e.microbatch));
        if (sent !== undefined) completions.push(m.arrived - sent);
      } else gaps.push(Math.max(0, m.start - run.measured[w.producer.rank].ops[w.producer.index].end));
    });
  });
  if (completions.length) return { samples: completions, from: 'send→receive completion' };
  if (!anyArrival && gaps.length) return { samples: gaps, from: 'producer end→consumer start' };
  return { samples: [], from: 'none' };
}

export function fitCosts(run: MeasuredRun): FittedCosts {
  const S = run.stages;
  const samples = new Map<FitKind, number[][]>(FIT_KINDS.map((k) => [k, Array.from({ length: S }, () => [])]));
  for (const { ops } of run.measured)
    for (const m of ops) {
      const stage = m.op.kind === 'FB' ? m.op.forward.stage : m.op.stage;
      samples.get(m.op.kind)![stage].push(m.end - computeStart(m));
    }
  const costs: FittedCosts['costs'] = { comm: 0 };
  const spread: FittedCosts['spread'] = {};
  const stageMeans: FittedCosts['stageMeans'] = {};
  const notes: string[] = [];
  for (const k of FIT_KINDS) {
    const perStage = samples.get(k)!;
    const ran = perStage.filter((x) => x.length > 0);
    if (ran.length === 0) continue;
    const stats = perStage.map((x) => (x.length ? spreadOf(x) : null));
    spread[k] = stats;
    const medians = stats.filter((x): x is Spread => x !== null).map((x) => x.median);
    stageMeans[k] = medians.reduce((a, b) => a + b, 0) / medians.length;
    if (ran.length === S) costs[k] = medians;
    else notes.push(`${k} ran on ${ran.length} of ${S} stages; it is left out of the costs file`);
  }
  const { samples: c, from } = commSamples(run);
  const commSpread = c.length ? spreadOf(c) : null;
  costs.comm = commSpread ? commSpread.median : 0;
  if (!commSpread) notes.push('no transfer with a waiting receiver was found; comm latency is 0');
  const gaps = run.measured.flatMap(({ ops }) => ops.slice(1).map((m, i) => Math.max(0, m.start - ops[i].end)));
  const gapSpread = gaps.length ? spreadOf(gaps) : null;
  return { costs, spread, stageMeans, commSpread, gapSpread, commFrom: commSpread ? from : 'none', notes };
}
