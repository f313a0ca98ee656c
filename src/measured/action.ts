/**
 * Pipeline actions in profiler range names: torch's runtime wraps every action it executes in
 * `record_function(f"PP:{action}")` (torch/distributed/pipelining/schedules.py
 * `_get_profiler_function_name`), with the action written as in the schedule CSV (docs/interop.md §4):
 * `PP:2F0`, `PP:6I1`, `PP:3B1`, `PP:2RECV_F1`, `PP:0UNSHARD`, `PP:(0F3;7B1)OVERLAP_F_B`. The grammar is
 * the CSV importer's (interop/torchCsv.ts), so one rule reads both.
 */
import type { Op, SimpleKind } from '../engine/index.ts';
import { TORCH_ACTION, TORCH_OVERLAP } from '../interop/torchCsv.ts';
import type { CommKind } from './types.ts';

export const RANGE_PREFIX = 'PP:';

export type ParsedAction =
  | { type: 'compute'; op: Op }
  | { type: 'comm'; kind: CommKind; stage: number; microbatch: number | null }
  /** a `PP:` name that is not an action of the grammar (kept for the message) */
  | { type: 'unknown'; text: string };

const COMPUTE = new Set(['F', 'I', 'B', 'W']);
const WHOLE_STAGE = new Set(['UNSHARD', 'RESHARD', 'REDUCE_GRAD']);

function simple(text: string): ParsedAction {
  const m = TORCH_ACTION.exec(text);
  if (!m) return { type: 'unknown', text };
  const [, s, type, mb] = m;
  const stage = Number(s);
  if (WHOLE_STAGE.has(type))
    return mb === '' ? { type: 'comm', kind: type as CommKind, stage, microbatch: null } : { type: 'unknown', text };
  if (mb === '') return { type: 'unknown', text };
  if (COMPUTE.has(type)) return { type: 'compute', op: { kind: type as SimpleKind, stage, microbatch: Number(mb) } };
  return { type: 'comm', kind: type as CommKind, stage, microbatch: Number(mb) };
}

/** The action named by a `PP:` range (the name without its prefix). */
export function parseAction(name: string): ParsedAction {
  const text = name.trim();
  const pair = TORCH_OVERLAP.exec(text);
  if (!pair) return simple(text);
  const parts = pair[1].split(';').map((p) => simple(p.trim()));
  const ops = parts.map((p) => (p.type === 'compute' ? p.op : null));
  const f = ops.find((o) => o?.kind === 'F');
  const b = ops.find((o) => o?.kind === 'B');
  if (parts.length !== 2 || !f || !b || f.kind === 'FB' || b.kind === 'FB') return { type: 'unknown', text };
  return {
    type: 'compute',
    op: { kind: 'FB', forward: { stage: f.stage, microbatch: f.microbatch }, backward: { stage: b.stage, microbatch: b.microbatch } },
  };
}
