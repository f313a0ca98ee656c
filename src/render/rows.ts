/**
 * Vertical layout of a chart, in px: one row per rank; in the detailed mode each row has three
 * lanes (compute, all-to-all comm, PP send/recv), as docs/overlap.md §1 draws the streams. Row heights
 * shrink with the rank count so P=64 still fits a laptop screen, down to a floor below which an
 * op is no longer a target for the pointer.
 */
import { partitionPoint } from './search.ts';

export type LaneName = 'compute' | 'comm' | 'pp';

export interface LaneBox {
  y: number;
  h: number;
}

export interface RowBox {
  rank: number;
  /** top of the row and its full height (all lanes), px */
  y: number;
  h: number;
  compute: LaneBox;
  comm: LaneBox | null;
  pp: LaneBox | null;
}

export interface Rows {
  rows: RowBox[];
  /** total height including the bottom padding, px */
  height: number;
  /** compute lane height, px */
  unit: number;
}

/** Vertical space the rows of one chart aim to fill, px. */
const TARGET_HEIGHT = 420;

export function rowLayout(ranks: number, detailed: boolean, top = 4): Rows {
  const perRank = detailed ? 2.1 : 1.15;
  const unit = Math.max(detailed ? 8 : 6, Math.min(26, Math.floor(TARGET_HEIGHT / (ranks * perRank))));
  const gap = Math.max(1, Math.round(unit * (detailed ? 0.35 : 0.15)));
  const commH = detailed ? Math.max(3, Math.round(unit * 0.55)) : 0;
  const ppH = detailed ? Math.max(2, Math.round(unit * 0.35)) : 0;
  const rows: RowBox[] = [];
  let y = top;
  for (let r = 0; r < ranks; r++) {
    const compute = { y, h: unit };
    const comm = detailed ? { y: y + unit + 1, h: commH } : null;
    const pp = detailed ? { y: y + unit + 1 + commH + 1, h: ppH } : null;
    const h = detailed ? unit + commH + ppH + 2 : unit;
    rows.push({ rank: r, y, h, compute, comm, pp });
    y += h + gap;
  }
  return { rows, height: y + top, unit };
}

export function laneBox(row: RowBox, lane: LaneName): LaneBox | null {
  return row[lane];
}

/** The rank and lane under a y position, or null between rows. Binary search (rows are sorted). */
export function laneAt(rows: Rows, y: number): { rank: number; lane: LaneName } | null {
  const rs = rows.rows;
  // the last row starting at or above y
  const row = rs[partitionPoint(0, rs.length, (k) => rs[k].y > y) - 1];
  if (!row || y < row.y || y > row.y + row.h) return null;
  for (const lane of ['compute', 'comm', 'pp'] as const) {
    const b = row[lane];
    if (b && y >= b.y && y <= b.y + b.h) return { rank: row.rank, lane };
  }
  return { rank: row.rank, lane: 'compute' };
}
