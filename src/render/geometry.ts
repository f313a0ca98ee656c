/**
 * Op geometry shared by the SVG view and the canvas painter: boxes in px, labels and whether
 * they fit, and whether an op is wide enough to show its pieces (detailed mode). Pure.
 */
import type { Layout } from './layout.ts';

/** Average advance of a digit in the 10 px UI font, px (system-ui digits are ≈ 0.55 em). */
const CHAR_PX = 6;
/** A piece narrower than this is noise; an op expands when its compute pieces all get this. */
export const MIN_PIECE_PX = 7;

/** Micro-batch label of an op or of one FB half (-1 = both halves in one line). */
export function opLabel(layout: Layout, i: number, half: 0 | 1 | -1 = -1): string {
  const { mb, bmb } = layout.buf;
  if (bmb[i] < 0 || half === 0) return String(mb[i]);
  if (half === 1) return String(bmb[i]);
  return `${mb[i]}|${bmb[i]}`;
}

export function labelFits(text: string, widthPx: number, heightPx: number): boolean {
  return heightPx >= 9 && widthPx >= text.length * CHAR_PX + 4;
}

/** Whether op i, drawn `widthPx` wide, shows its pieces instead of one box. */
export function isExpanded(layout: Layout, i: number, widthPx: number): boolean {
  const d = layout.detail;
  if (!d) return false;
  const n = d.chunks[layout.rects[i].kind].streams.compute.length;
  return n > 0 && widthPx >= n * MIN_PIECE_PX;
}

/** Short piece label: `attn F·0` (piece kind, pass, 0-based layer). */
export function pieceLabel(piece: string, layer: number): string {
  const m = /^(\w+)\((\w)\)$/.exec(piece);
  return m ? `${m[1]} ${m[2]}${layer >= 0 ? `·${layer}` : ''}` : piece;
}
