/**
 * Short human-readable op labels for messages and text output: `F s3 mb7`, `FB s0 mb3 | s15 mb10`,
 * and for a sequence chunk (Seq1F1B) `F s3 mb7 split1`.
 */
import type { Op } from './types.ts';

export function formatOp(op: Op): string {
  if (op.kind === 'FB') {
    return `FB s${op.forward.stage} mb${op.forward.microbatch} | s${op.backward.stage} mb${op.backward.microbatch}`;
  }
  return `${op.kind} s${op.stage} mb${op.microbatch}${op.split === undefined ? '' : ` split${op.split}`}`;
}
