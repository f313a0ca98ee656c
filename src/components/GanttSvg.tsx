/**
 * SVG view of one chart (the default below a few thousand visible items): the chart's shapes
 * (render/geometry.ts) as React elements — grid, hatched bubbles, one <g> per visible op carrying
 * data-rank/kind/stage/microbatch (an FB also data-backward-stage/-microbatch; no other element
 * carries data-kind) with its halves and pair border, and the detailed mode's all-to-all and PP
 * lanes. React owns every node, d3 only the math. The labels are not SVG text: GanttLabels paints
 * them on a canvas above (text is the costliest node to restyle, lay out and paint when a
 * parameter change moves every op). The exported figure writes the same shapes as a string.
 */
import { memo, type ReactNode } from 'react';
import type { Layout } from '../render/layout.ts';
import type { Palette } from '../render/palette.ts';
import type { Rows } from '../render/rows.ts';
import type { TimeScale } from '../render/scales.ts';
import { ROLE, box, rectPx, type ShapeBuffer } from '../render/shapes.ts';
import { opClass, opData, opRectsEnd, pieceOf } from '../render/svgAttrs.ts';

export interface GanttProps {
  shapes: ShapeBuffer;
  layout: Layout;
  rows: Rows;
  x: TimeScale;
  width: number;
  palette: Palette;
  grid: readonly number[];
  testid: string;
  label: string;
}

/** px rounded to 0.01: shorter attribute strings, no visible difference. */
const r2 = (v: number) => Math.round(v * 100) / 100;

/** The rects [k0, k1) as elements (x, y, size, fill, dimming; piece names where they have one). */
function rects(p: GanttProps, k0: number, k1: number, dimAll: boolean): ReactNode[] {
  const { shapes: s, palette: pal } = p;
  const out: ReactNode[] = [];
  const b = box();
  for (let k = k0; k < k1; k++) {
    rectPx(s, k, p.x, p.rows, b);
    const piece = pieceOf(p.layout, s, k);
    const border = s.role[k] === ROLE.border;
    out.push(
      <rect
        key={k - k0}
        className={border ? 'pair-border' : s.role[k] === ROLE.envelope ? 'comm-envelope' : undefined}
        data-piece={piece?.piece}
        data-layer={piece && piece.layer >= 0 ? piece.layer : undefined}
        x={r2(b.x)}
        y={b.y}
        width={r2(b.w)}
        height={b.h}
        fill={border ? 'none' : s.fill[k]}
        stroke={border ? s.fill[k] : undefined}
        opacity={s.dim[k] && !dimAll ? pal.dim : undefined}
      />,
    );
  }
  return out;
}

// memo: a hover re-renders the chart panel but changes none of these props
export const GanttSvg = memo(function GanttSvg(p: GanttProps) {
  const { shapes: s, layout, rows, width, palette, grid, testid, label } = p;
  const b = box();
  const bubbles: ReactNode[] = [];
  for (let k = 0; k < s.opsFrom; k++) {
    rectPx(s, k, p.x, rows, b);
    bubbles.push(<rect key={`${s.rank[k]}.${s.op[k]}`} className="bubble" x={r2(b.x)} y={b.y} width={r2(b.w)} height={b.h} />);
  }
  // one <g> per op, its shapes directly inside it, in the rank's execution order (document order
  // is the rank's op order, which scripts reading the SVG rely on); keyed by place in that order,
  // so after a new M the early ops of a rank keep their nodes and only what moved is rewritten
  const ops: ReactNode[] = [];
  for (let k = s.opsFrom; k < s.streamsFrom;) {
    const e = opRectsEnd(s, k);
    const i = s.op[k];
    const expanded = s.role[k] === ROLE.piece;
    ops.push(
      <g
        key={`${layout.buf.rank[i]}.${i - layout.rankStart[layout.buf.rank[i]]}`}
        className={opClass(layout, i, expanded)}
        {...Object.fromEntries(opData(layout, i))}
        opacity={expanded && s.dim[k] ? palette.dim : undefined}
      >
        {rects(p, k, e, expanded)}
      </g>,
    );
    k = e;
  }
  return (
    <svg
      data-testid={testid}
      className="gantt"
      width={width}
      height={rows.height}
      viewBox={`0 0 ${width} ${rows.height}`}
      role="img"
      aria-label={label}
    >
      <defs>
        <pattern id={`hatch-${testid}`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill={palette.bubble} />
          <line x1="0" y1="0" x2="0" y2="6" stroke={palette.bubbleStroke} strokeWidth="1.5" />
        </pattern>
      </defs>
      <g className="grid">
        {grid.map((g, k) => (
          <line key={k} x1={Math.round(g) + 0.5} x2={Math.round(g) + 0.5} y1={0} y2={rows.height} />
        ))}
      </g>
      <g className="bubbles" fill={`url(#hatch-${testid})`}>
        {bubbles}
      </g>
      <g className="ops">{ops}</g>
      {layout.detail ? <g className="streams">{rects(p, s.streamsFrom, s.n, false)}</g> : null}
    </svg>
  );
});
