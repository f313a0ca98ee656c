/**
 * Pointer and keyboard input of the chart viewport as pure functions (the hook useChartInput only
 * reads events and applies the results to the store). The pointer path is the same for the SVG
 * and canvas views (docs/style.md C.3): invert x into time and y into (rank, lane), hit-test the
 * layout. Keys: W/S or +/− zoom, A/D or Shift+arrows pan, 0 resets, arrows move an op cursor
 * (up/down continue into the compare chart), Enter or Space highlights the cursor's micro-batch
 * (Shift: an F&B's backward one), Escape clears. Times in timeline units, positions in plot px.
 */
import { isExpanded } from './geometry.ts';
import { hitOp, hitPiece, hitSend } from './hitTest.ts';
import type { Layout } from './layout.ts';
import { moveCursor, type Direction } from './navigation.ts';
import { laneAt, type LaneName, type Rows } from './rows.ts';
import type { TimeScale } from './scales.ts';
import { panBy, revealInterval, zoomAround, type Domain } from './zoomMath.ts';

/** One chart of the viewport: its layout and rows (chart 0 = main, 1 = compare). */
export interface InputChart {
  chart: 0 | 1;
  layout: Layout;
  rows: Rows;
}

export interface OpRef {
  chart: 0 | 1;
  op: number;
}

export interface Hit extends OpRef {
  /** FB half under the pointer (0 = forward, top), -1 = the op itself */
  half: 0 | 1 | -1;
  /** piece index within the op's chunk on `lane`, -1 = none */
  piece: number;
  lane: LaneName;
}

/** Pointer tolerance, px: ops thinner than this stay reachable when zoomed out. */
const TOLERANCE_PX = 3;
/** Zoom step of one key press, and the pan step as a fraction of the window. */
export const ZOOM_STEP = 1.5;
export const PAN_STEP = 0.2;

/** The op (and half, piece, lane) at plot position (px, py) of chart g, or null over nothing. */
export function hitChart(g: InputChart, x: TimeScale, px: number, py: number): Hit | null {
  if (px < x.left || px > x.right) return null;
  const lane = laneAt(g.rows, py);
  if (!lane) return null;
  const { layout } = g;
  const t = x.time(px);
  let op: number;
  let piece = -1;
  let half: 0 | 1 | -1 = -1;
  if (lane.lane === 'pp') {
    op = hitSend(layout, lane.rank, t);
    piece = op >= 0 ? 0 : -1;
  } else {
    op = hitOp(layout, lane.rank, t, TOLERANCE_PX * x.unitsPerPx);
    if (op >= 0) {
      const w = x.px(layout.buf.end[op]) - x.px(layout.buf.start[op]);
      if (lane.lane === 'comm' || isExpanded(layout, op, w)) piece = hitPiece(layout, op, lane.lane, t);
      if (lane.lane === 'compute' && layout.buf.kind[op] === 4) {
        const row = g.rows.rows[lane.rank].compute;
        half = py < row.y + row.h / 2 ? 0 : 1;
      }
    }
  }
  return op < 0 ? null : { chart: g.chart, op, half, piece, lane: lane.lane };
}

/** The micro-batch of a hit: an FB's backward half selects the backward's micro-batch. */
export function microbatchOf(layout: Layout, op: number, backward: boolean): number {
  const { mb, bmb } = layout.buf;
  return backward && bmb[op] >= 0 ? bmb[op] : mb[op];
}

/** Clicking a hit toggles its micro-batch's highlight and puts the cursor on it. */
export function clickResult(
  charts: readonly InputChart[],
  hit: Hit,
  selectedMb: number | null,
): { selectMb: number | null; cursor: OpRef } {
  const mb = microbatchOf(charts[hit.chart].layout, hit.op, hit.half === 1);
  return { selectMb: selectedMb === mb ? null : mb, cursor: { chart: hit.chart, op: hit.op } };
}

export type KeyAction =
  | { type: 'zoom'; factor: number }
  | { type: 'pan'; fraction: number }
  | { type: 'reset' }
  | { type: 'move'; dir: Direction }
  | { type: 'select'; backward: boolean }
  | { type: 'clear' };

const ARROWS: Record<string, Direction> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };

/** The key map; null for keys the chart leaves alone (and any with Alt, Ctrl or Meta). */
export function keyAction(e: { key: string; shiftKey: boolean; altKey: boolean; ctrlKey: boolean; metaKey: boolean }): KeyAction | null {
  if (e.altKey || e.ctrlKey || e.metaKey) return null;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (key === 'w' || key === '+' || key === '=') return { type: 'zoom', factor: ZOOM_STEP };
  if (key === 's' || key === '-' || key === '_') return { type: 'zoom', factor: 1 / ZOOM_STEP };
  if (key === 'a' || (e.shiftKey && key === 'ArrowLeft')) return { type: 'pan', fraction: -PAN_STEP };
  if (key === 'd' || (e.shiftKey && key === 'ArrowRight')) return { type: 'pan', fraction: PAN_STEP };
  if (key === '0') return { type: 'reset' };
  if (key in ARROWS) return { type: 'move', dir: ARROWS[key] };
  if (key === 'Enter' || key === ' ') return { type: 'select', backward: e.shiftKey };
  if (key === 'Escape') return { type: 'clear' };
  return null;
}

export interface KeyState {
  charts: readonly InputChart[];
  domain: Domain;
  extent: number;
  minSpan: number;
  cursor: OpRef | null;
  selectedMb: number | null;
}

/**
 * What a key action changes; a field left out stays as it is. `domain: null` resets the zoom;
 * `handled: false` means the key did nothing here (the browser keeps its default).
 */
export interface KeyResult {
  handled: boolean;
  domain?: Domain | null;
  cursor?: OpRef | null;
  selectMb?: number | null;
  clearHover?: boolean;
}

export function applyKey(a: KeyAction, s: KeyState): KeyResult {
  const { domain, extent, minSpan } = s;
  const cursor = s.cursor && s.charts[s.cursor.chart] ? s.cursor : null;
  switch (a.type) {
    case 'zoom':
      return { handled: true, domain: zoomAround(domain, a.factor, zoomCentre(s.charts, cursor, domain), extent, minSpan) };
    case 'pan':
      return { handled: true, domain: panBy(domain, a.fraction, extent, minSpan) };
    case 'reset':
      return { handled: true, domain: null };
    case 'clear':
      return { handled: true, selectMb: null, cursor: null, clearHover: true };
    case 'select': {
      if (!cursor) return { handled: false };
      const mb = microbatchOf(s.charts[cursor.chart].layout, cursor.op, a.backward);
      return { handled: true, selectMb: s.selectedMb === mb ? null : mb };
    }
    case 'move':
      return moveResult(s, cursor, a.dir);
  }
}

/** Zoom keys zoom around the cursor's op when it is in view, else around the window's centre. */
function zoomCentre(charts: readonly InputChart[], cursor: OpRef | null, d: Domain): number {
  if (cursor) {
    const b = charts[cursor.chart].layout.buf;
    const mid = (b.start[cursor.op] + b.end[cursor.op]) / 2;
    if (mid >= d[0] && mid <= d[1]) return mid;
  }
  return (d[0] + d[1]) / 2;
}

function moveResult(s: KeyState, cursor: OpRef | null, dir: Direction): KeyResult {
  const g = s.charts[cursor?.chart ?? 0];
  const { layout } = g;
  // no cursor yet: the first op visible on the top rank
  const op = cursor ? moveCursor(layout, cursor.op, dir) : hitOp(layout, 0, s.domain[0], Infinity);
  if (op < 0) return { handled: false };
  // up/down past the last rank of the main chart continue into the compare chart (and back)
  if (cursor && op === cursor.op && (dir === 'down' || dir === 'up')) {
    const other = s.charts[dir === 'down' ? g.chart + 1 : g.chart - 1];
    if (other) {
      const j = hitOp(other.layout, dir === 'down' ? 0 : other.layout.ranks - 1, (layout.buf.start[op] + layout.buf.end[op]) / 2, Infinity);
      if (j >= 0) return { handled: true, cursor: { chart: other.chart, op: j } };
    }
  }
  const next = revealInterval(s.domain, layout.buf.start[op], layout.buf.end[op], s.extent, s.minSpan);
  const moved = next[0] !== s.domain[0] || next[1] !== s.domain[1];
  return { handled: true, cursor: { chart: g.chart, op }, clearHover: true, ...(moved ? { domain: next } : {}) };
}
