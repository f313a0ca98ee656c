/**
 * SVG view of one chart (the default below a few thousand visible items): grid, shaded bubbles,
 * one <g> per visible op carrying data-rank/kind/stage/microbatch (an FB also
 * data-backward-stage/-microbatch; no other element carries data-kind), and the detailed mode's
 * all-to-all and PP lanes. Culled to the visible window; React owns every node, d3 only the math.
 * The labels are not SVG text: GanttLabels paints them on a canvas above (text is the costliest
 * node to restyle, lay out and paint when a parameter change moves every op).
 */
import { memo, useMemo, type ReactNode } from 'react';
import { visibleBubbles, visibleRange } from '../render/cull.ts';
import { isExpanded } from '../render/geometry.ts';
import type { Layout } from '../render/layout.ts';
import { pieceFill, type Palette } from '../render/palette.ts';
import type { Rows } from '../render/rows.ts';
import { clampedPx, type TimeScale } from '../render/scales.ts';

export interface GanttProps {
  layout: Layout;
  rows: Rows;
  x: TimeScale;
  width: number;
  palette: Palette;
  highlight: Uint8Array | null;
  grid: number[];
  testid: string;
  label: string;
}

type Px = (t: number) => number;

/** px rounded to 0.01: shorter attribute strings, no visible difference. */
const r2 = (v: number) => Math.round(v * 100) / 100;

const OpShape = memo(function OpShape({
  layout,
  i,
  px,
  y,
  h,
  palette: pal,
  hl,
}: {
  layout: Layout;
  i: number;
  px: Px;
  y: number;
  h: number;
  palette: Palette;
  hl: number;
}) {
  const o = layout.rects[i];
  const x0 = px(o.start);
  const w = Math.max(0.75, px(o.end) - x0);
  const ww = w > 4 ? w - 1 : w;
  const data = {
    'data-rank': o.rank,
    'data-kind': o.kind,
    'data-stage': o.stage,
    'data-microbatch': o.microbatch,
    ...(o.kind === 'FB' ? { 'data-backward-stage': o.backwardStage, 'data-backward-microbatch': o.backwardMicrobatch } : {}),
    'data-direction': o.direction,
  };
  if (isExpanded(layout, i, w)) {
    return (
      <g className="op expanded" {...data} opacity={hl ? 1 : pal.dim}>
        {layout.detail!.chunks[o.kind].streams.compute.map((p, k) => {
          const a = px(o.start + p.start);
          const pw = Math.max(0.5, px(o.start + p.end) - a - 0.5);
          const fill = pieceFill(pal, p.piece, p.piece.endsWith('(F)') ? o.direction : (o.backwardDirection ?? o.direction));
          return <rect key={k} data-piece={p.piece} data-layer={p.layer} x={a} y={y} width={pw} height={h} fill={fill} />;
        })}
        <rect
          className="pair-border"
          x={x0 + 0.5}
          y={y + 0.5}
          width={Math.max(0, ww - 1)}
          height={h - 1}
          fill="none"
          stroke={pal.pairBorder}
        />
      </g>
    );
  }
  const halves: (0 | 1)[] = o.kind === 'FB' ? [0, 1] : [0];
  // one <g> per op, shapes directly inside it: every extra node is another setAttribute per redraw
  return (
    <g className={`op op-${o.kind}${o.direction ? ' dir-1' : ''}`} {...data}>
      {halves.map((half) => {
        const kind = o.kind === 'FB' ? (half === 0 ? 'F' : 'B') : o.kind;
        const dir = half === 0 ? o.direction : (o.backwardDirection ?? 0);
        const hy = o.kind === 'FB' ? y + (half * h) / 2 : y;
        const hh = o.kind === 'FB' ? h / 2 : h;
        const opacity = hl & (1 << half) ? undefined : pal.dim;
        return <rect key={`r${half}`} x={r2(x0)} y={hy} width={r2(ww)} height={hh} fill={pal.fill[kind][dir]} opacity={opacity} />;
      })}
      {o.kind === 'FB' && ww > 3 ? (
        <rect
          className="pair-border"
          x={r2(x0 + 0.5)}
          y={y + 0.5}
          width={r2(ww - 1)}
          height={h - 1}
          fill="none"
          stroke={pal.pairBorder}
          opacity={hl ? undefined : pal.dim}
        />
      ) : null}
    </g>
  );
});

/** Detailed mode: each visible op's all-to-all pieces (or its comm envelope) and PP sends. */
function Streams({
  layout,
  rows,
  px,
  palette: pal,
  highlight,
  i0s,
  i1s,
}: {
  layout: Layout;
  rows: Rows;
  px: Px;
  palette: Palette;
  highlight: Uint8Array | null;
  i0s: number[];
  i1s: number[];
}) {
  const d = layout.detail!;
  const out: ReactNode[] = [];
  for (const row of rows.rows) {
    const comm = row.comm!;
    const pp = row.pp!;
    for (let i = Math.max(layout.rankStart[row.rank], i0s[row.rank] - 2); i < i1s[row.rank]; i++) {
      const o = layout.rects[i];
      const op = highlight && !highlight[i] ? pal.dim : 1;
      if (i >= i0s[row.rank]) {
        const w = px(o.end) - px(o.start);
        if (isExpanded(layout, i, w)) {
          d.chunks[o.kind].streams.comm.forEach((p, k) => {
            const a = px(o.start + p.start);
            out.push(
              <rect
                key={`c${i}.${k}`}
                data-piece={p.piece}
                data-layer={p.layer}
                x={a}
                y={comm.y}
                width={Math.max(0.5, px(o.start + p.end) - a - 0.5)}
                height={comm.h}
                fill={pieceFill(pal, p.piece, 0)}
                opacity={op}
              />,
            );
          });
        } else {
          const s = d.commSpan[o.kind];
          if (s.end > s.start) {
            const a = px(o.start + s.start);
            out.push(
              <rect
                key={`e${i}`}
                className="comm-envelope"
                x={a}
                y={comm.y}
                width={Math.max(1, px(o.start + s.end) - a)}
                height={comm.h}
                fill={pal.dispatch}
                opacity={op}
              />,
            );
          }
        }
      }
      const sends = d.sends[i];
      if (sends) {
        const a = px(o.end);
        const w = Math.max(1, px(o.end + d.pp) - a);
        const both = sends === 3;
        out.push(
          <rect
            key={`p${i}`}
            data-piece={sends & 1 ? 'send(F)' : 'send(B)'}
            x={a}
            y={pp.y}
            width={w}
            height={both ? pp.h / 2 - 0.25 : pp.h}
            fill={pal.pp}
            opacity={op}
          />,
        );
        if (both)
          out.push(
            <rect
              key={`q${i}`}
              data-piece="send(B)"
              x={a}
              y={pp.y + pp.h / 2 + 0.25}
              width={w}
              height={pp.h / 2 - 0.25}
              fill={pal.pp}
              opacity={op}
            />,
          );
      }
    }
  }
  return <g className="streams">{out}</g>;
}

export function GanttSvg({ layout, rows, x, width, palette, highlight, grid, testid, label }: GanttProps) {
  const [t0, t1] = x.domain();
  // one function per scale: op shapes skip re-rendering when only a hover or highlight changed
  const px: Px = useMemo(() => clampedPx(x), [x]);
  const i0s: number[] = [];
  const i1s: number[] = [];
  const bubbles: ReactNode[] = [];
  const ops: ReactNode[] = [];
  for (const row of rows.rows) {
    const r = row.rank;
    const [k0, k1] = visibleBubbles(layout, r, t0, t1);
    const b = layout.bubbles[r];
    for (let k = k0; k < k1; k++) {
      const a = px(b[2 * k]);
      bubbles.push(
        <rect
          key={`${r}.${k}`}
          className="bubble"
          x={r2(a)}
          y={row.compute.y}
          width={r2(Math.max(1, px(b[2 * k + 1]) - a))}
          height={row.compute.h}
        />,
      );
    }
    const [i0, i1] = visibleRange(layout, r, t0, t1);
    i0s.push(i0);
    i1s.push(i1);
    // keyed by place in the rank's order, and drawn in execution order (document order is the
    // rank's op order, which scripts reading the SVG rely on): after a new M the early ops of a
    // rank keep their nodes and only what moved is rewritten.
    for (let i = i0; i < i1; i++)
      ops.push(
        <OpShape
          key={`${r}.${i - layout.rankStart[r]}`}
          layout={layout}
          i={i}
          px={px}
          y={row.compute.y}
          h={row.compute.h}
          palette={palette}
          hl={highlight ? highlight[i] : 3}
        />,
      );
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
      {layout.detail ? <Streams layout={layout} rows={rows} px={px} palette={palette} highlight={highlight} i0s={i0s} i1s={i1s} /> : null}
    </svg>
  );
}
