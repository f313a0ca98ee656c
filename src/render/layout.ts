/**
 * Pure chart layout: a timeline in, one rectangle per op out, in data coordinates (x in cost
 * units, y as a rank row index). The SVG view, a canvas painter, the SVG exporter and the CLI all
 * read this one layout, so they draw the same thing.
 */
import type { OpKind, Timeline } from '../engine/types.ts';

export interface OpRect {
  rank: number;
  /** index of the op in timeline.ops[rank] */
  index: number;
  kind: OpKind;
  start: number;
  end: number;
  /** forward half for FB */
  stage: number;
  microbatch: number;
  backwardStage?: number;
  backwardMicrobatch?: number;
  /** DualPipe direction (0 = stages 0..P-1, 1 = stages P..2P-1); 0 elsewhere */
  direction: 0 | 1;
}

export interface Layout {
  ranks: number;
  makespan: number;
  rects: OpRect[];
}

export function layoutTimeline(t: Timeline): Layout {
  const rects: OpRect[] = [];
  const dual = t.schedule.name === 'dualpipe';
  const P = t.schedule.ranks;
  let makespan = 0;
  t.ops.forEach((ops, rank) =>
    ops.forEach(({ op, start, end }, index) => {
      if (end > makespan) makespan = end;
      const fwd = op.kind === 'FB' ? op.forward : op;
      rects.push({
        rank,
        index,
        kind: op.kind,
        start,
        end,
        stage: fwd.stage,
        microbatch: fwd.microbatch,
        ...(op.kind === 'FB' ? { backwardStage: op.backward.stage, backwardMicrobatch: op.backward.microbatch } : {}),
        direction: dual && fwd.stage >= P ? 1 : 0,
      });
    }),
  );
  return { ranks: t.ops.length, makespan, rects };
}

/** Okabe–Ito colour-blind-safe colours per op kind. */
export const KIND_COLORS: Record<OpKind, string> = {
  F: '#56B4E9',
  B: '#E69F00',
  I: '#D55E00',
  W: '#009E73',
  FB: '#CC79A7',
};

export const KIND_NAMES: Record<OpKind, string> = {
  F: 'forward',
  B: 'full backward',
  I: 'backward for input',
  W: 'backward for weights',
  FB: 'overlapped forward + backward',
};
