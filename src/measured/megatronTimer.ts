/**
 * Megatron-LM PP-timer files (docs/measured.md §2): the per-rank JSON that the PP-timer patch used by
 * Victarry/PP-Schedule-Visualization (`examples/megatron-lm`, Megatron-LM commit ad3bc3a, schedules.py)
 * writes for one iteration:
 *   `event_times_PP{P}_VPP{V}_TPxCPxDP_rank_{d}_pp_rank_{r}_rank_{g}.json`
 *   {"forward-{mb}-start": ms, "forward-{mb}-end": ms, "backward-{mb}-start": ms, ...,
 *    "total-execution-time": ms}
 * With virtual stages the keys carry the model chunk: `forward-{chunk}-{mb}-start`. Values are CUDA
 * event times in milliseconds since a start event recorded right after a barrier, so the ranks
 * share time zero up to the barrier's skew. Stage of chunk c on pipeline rank r = c·P + r
 * (Megatron's layout); the chunk is resolved to a stage by `assembleRun` once P is known. The file
 * has no receive information, so waits are inferred from the producers' end times.
 */
import { ImportError, quote } from '../interop/errors.ts';
import type { MeasuredOp, RankTrace } from './types.ts';

const KEY = /^(forward|backward)-(?:(\d{1,6})-)?(\d{1,9})-(start|end)$/;
const PP_RANK = /pp_rank_(\d{1,6})/;
const REPLICA = /TPxCPxDP_rank_(\d{1,9})/;
const US_PER_MS = 1000;

/** True when the parsed JSON looks like a PP-timer file (an object with forward-/backward- keys). */
export function isMegatronTimer(data: unknown): boolean {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  return Object.keys(data).some((k) => KEY.test(k));
}

/** One rank's step from a PP-timer file. Throws ImportError only. */
export function readMegatronTimer(data: unknown, file: string): RankTrace & { replica?: number } {
  if (!isMegatronTimer(data)) throw new ImportError(`${file} is not a Megatron PP-timer file: it has no "forward-<mb>-start" keys`);
  const base = file.split(/[\\/]/).pop() ?? file;
  const rankMatch = PP_RANK.exec(base);
  if (!rankMatch)
    throw new ImportError(
      `cannot tell which pipeline rank wrote ${file}: Megatron PP-timer files carry it in their name (event_times_…_pp_rank_<r>_rank_<g>.json)`,
    );
  const replica = REPLICA.exec(base);
  const spans = new Map<string, { kind: 'F' | 'B'; chunk: number; mb: number; start?: number; end?: number }>();
  let keyed: boolean | undefined;
  for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
    const m = KEY.exec(k);
    if (!m) continue;
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new ImportError(`${file}: ${quote(k)} must be a number of milliseconds; got ${quote(String(v))}`);
    const chunked = m[2] !== undefined;
    if (keyed !== undefined && keyed !== chunked)
      throw new ImportError(`${file} mixes keys with and without a model chunk (${quote(k)}); expected one layout throughout`);
    keyed = chunked;
    const id = `${m[1]}-${m[2] ?? 0}-${m[3]}`;
    const span = spans.get(id) ?? {
      kind: m[1] === 'forward' ? ('F' as const) : ('B' as const),
      chunk: Number(m[2] ?? 0),
      mb: Number(m[3]),
    };
    span[m[4] as 'start' | 'end'] = v * US_PER_MS;
    spans.set(id, span);
  }
  const ops: MeasuredOp[] = [];
  for (const [id, s] of spans) {
    if (s.start === undefined || s.end === undefined)
      throw new ImportError(
        `${file} has "${id}-${s.start === undefined ? 'end' : 'start'}" but no "${id}-${s.start === undefined ? 'start' : 'end'}"`,
      );
    if (s.end < s.start)
      throw new ImportError(`${file}: "${id}" ends (${s.end / US_PER_MS} ms) before it starts (${s.start / US_PER_MS} ms)`);
    // stage = chunk until assembleRun knows P
    ops.push({ op: { kind: s.kind, stage: s.chunk, microbatch: s.mb }, start: s.start, end: s.end, chunk: s.chunk });
  }
  ops.sort((a, b) => a.start - b.start || a.end - b.end);
  return {
    rank: Number(rankMatch[1]),
    rankFrom: 'file name',
    file,
    steps: [],
    ops,
    comm: [],
    ignored: [],
    ...(replica ? { replica: Number(replica[1]) } : {}),
  };
}
