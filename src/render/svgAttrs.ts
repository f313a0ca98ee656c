/**
 * What the two SVG outputs (the app's SVG view and the exported figure) write on a chart's
 * elements besides geometry: an op group's class and data attributes (data-rank/kind/stage/
 * microbatch, an F&B's backward half, the direction), and a piece's or send's name. Scripts,
 * the e2e suite and the importer read these, so both outputs take them from here. Pure.
 */
import { rectAt, type Layout } from './layout.ts';
import { ROLE, type ShapeBuffer } from './shapes.ts';

/** Data attributes of op i, in a fixed order (numbers as numbers: the emitters format them). */
export function opData(layout: Layout, i: number): [string, string | number][] {
  const o = rectAt(layout, i);
  const out: [string, string | number][] = [
    ['data-rank', o.rank],
    ['data-kind', o.kind],
    ['data-stage', o.stage],
    ['data-microbatch', o.microbatch],
  ];
  if (o.kind === 'FB') out.push(['data-backward-stage', o.backwardStage!], ['data-backward-microbatch', o.backwardMicrobatch!]);
  out.push(['data-direction', o.direction]);
  return out;
}

/** Class of op i's group: `op op-<kind>` (`dir-1` in the reverse direction), `op expanded` when opened. */
export function opClass(layout: Layout, i: number, expanded: boolean): string {
  const o = rectAt(layout, i);
  return expanded ? 'op expanded' : `op op-${o.kind}${o.direction ? ' dir-1' : ''}`;
}

/** The piece (and its layer) rect k draws, or null for an op box, border, envelope or bubble. */
export function pieceOf(layout: Layout, s: ShapeBuffer, k: number): { piece: string; layer: number } | null {
  const role = s.role[k];
  if (role === ROLE.send) return { piece: s.sub[k] === 0 ? 'send(F)' : 'send(B)', layer: -1 };
  if (role !== ROLE.piece && role !== ROLE.commPiece) return null;
  const chunk = layout.detail!.opChunks[s.op[k]];
  const p = (role === ROLE.piece ? chunk.streams.compute : chunk.streams.comm)[s.sub[k]];
  return { piece: p.piece, layer: p.layer };
}

/** [k, end) = the rects of the op starting at rect k of the ops section (an op's rects are contiguous). */
export function opRectsEnd(s: ShapeBuffer, k: number): number {
  let e = k + 1;
  while (e < s.streamsFrom && s.op[e] === s.op[k]) e++;
  return e;
}
