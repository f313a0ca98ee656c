/**
 * The Explore scatter (docs/explore.md §4): every configuration that runs as a point — x the most
 * loaded rank's peak activation memory, y the makespan, both from 0 on linear axes (d3 scales and
 * ticks, React draws) — coloured and shaped by schedule, with the Pareto frontier as a staircase
 * and its points ringed. One path per schedule holds all its markers, so thousands of points are a
 * handful of DOM nodes and a streaming update stays well under a frame.
 *
 * Pointer: the nearest point within HIT_PX is described in a tooltip (with any others of the same
 * memory and time, drawn on top of it); a click opens it as its Gantt chart. Keyboard: the frontier's points are buttons in
 * the tab order (Enter opens), and the frontier table below lists them.
 */
import { scaleLinear } from 'd3';
import { useMemo, useRef, useState, type MouseEvent } from 'react';
import { useAppStore } from '../../hooks/useAppStore.ts';
import { useSize } from '../../hooks/useSize.ts';
import type { ExplorePlot, PlotPoint } from '../../pipeline/explorePlot.ts';
import { staircase } from '../../pipeline/pareto.ts';
import { getPalette, type ThemeName } from '../../render/palette.ts';
import { SCHEDULE_LABELS } from '../../store/params.ts';
import { markOf, markerPath } from './marks.ts';
import { pointLabel, pointLines } from './describePoint.ts';

const HIT_PX = 10;
const MARGIN = { left: 64, right: 16, top: 14, bottom: 46 };
const R = 4;

interface Placed {
  p: PlotPoint;
  cx: number;
  cy: number;
}

export function ParetoChart({ plot, theme, onOpen }: { plot: ExplorePlot; theme: ThemeName; onOpen: (p: PlotPoint) => void }) {
  const box = useRef<HTMLDivElement>(null);
  const { width } = useSize(box, { width: 800, height: 400 });
  const paletteId = useAppStore((s) => s.palette);
  const palette = getPalette(paletteId, theme);
  const W = Math.max(300, width);
  const H = Math.round(Math.min(480, Math.max(260, W * 0.52)));
  const [hover, setHover] = useState<number | null>(null);

  const geom = useMemo(() => {
    let xMax = 0;
    let yMax = 0;
    for (const p of plot.points) {
      if (p.x > xMax) xMax = p.x;
      if (p.y > yMax) yMax = p.y;
    }
    // the HBM line where points come near it (a quarter of it or more): far below, it would squash them
    const hbm = plot.hbm && xMax >= plot.hbm.gb / 4 ? plot.hbm : null;
    if (hbm) xMax = Math.max(xMax, hbm.gb);
    const x = scaleLinear()
      .domain([0, xMax || 1])
      .nice()
      .range([MARGIN.left, W - MARGIN.right]);
    const y = scaleLinear()
      .domain([0, yMax || 1])
      .nice()
      .range([H - MARGIN.bottom, MARGIN.top]);
    const placed: Placed[] = plot.points.map((p) => ({ p, cx: x(p.x), cy: y(p.y) }));
    const paths = new Map<string, string[]>();
    for (const q of placed) {
      const key = q.p.row.schedule;
      let list = paths.get(key);
      if (!list) paths.set(key, (list = []));
      list.push(markerPath(markOf(q.p.row.schedule, palette).shape, q.cx, q.cy, R));
    }
    const front = placed.filter((q) => q.p.onFrontier);
    const stairs = staircase(front.map((q) => ({ x: q.cx, y: q.cy })));
    const stairPath = stairs.map((s, k) => `${k ? 'L' : 'M'}${s.x.toFixed(1)},${s.y.toFixed(1)}`).join('');
    return { x, y, hbm, placed, paths, front, stairPath, xTicks: x.ticks(Math.max(3, Math.floor(W / 90))), yTicks: y.ticks(6) };
  }, [plot, W, H, palette]);

  const nearest = (mx: number, my: number): number | null => {
    let best = -1;
    let bestD = Infinity;
    geom.placed.forEach((q, k) => {
      const d = (q.cx - mx) ** 2 + (q.cy - my) ** 2;
      if (d > HIT_PX * HIT_PX) return;
      // a frontier point is drawn ringed on top of the others: within a pixel it wins, so its ring
      // describes itself; otherwise the nearest, the one drawn last on a tie
      const front = q.p.onFrontier;
      const bestFront = best >= 0 && geom.placed[best].p.onFrontier;
      if (best < 0 || (front === bestFront ? d <= bestD : front ? d <= bestD + 1 : d < bestD - 1)) {
        bestD = d;
        best = k;
      }
    });
    return best >= 0 ? best : null;
  };
  const local = (e: MouseEvent) => {
    const r = e.currentTarget.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top] as const;
  };
  const hovered = hover !== null ? geom.placed[hover] : undefined;
  // every configuration with the hovered point's numbers (drawn on top of each other)
  const here = hovered ? [hovered, ...geom.placed.filter((q) => q !== hovered && q.p.x === hovered.p.x && q.p.y === hovered.p.y)] : [];
  const xFmt = geom.x.tickFormat(geom.xTicks.length);
  const yFmt = geom.y.tickFormat(6);
  const bottom = H - MARGIN.bottom;
  // about 6.5 px per character of the 11.5 px axis titles: the long title where it fits
  const fits = (text: string, px: number) => text.length * 6.5 <= px;
  const xTitle = fits(plot.x.title, W - MARGIN.left - MARGIN.right) ? plot.x.title : plot.x.short;
  const yTitle = fits(plot.y.title, bottom - MARGIN.top) ? plot.y.title : plot.y.short;

  return (
    <div className="ex-chart" ref={box} data-testid="explore-chart">
      <svg
        width={W}
        height={H}
        viewBox={`0 0 ${W} ${H}`}
        role="group"
        aria-label={`Scatter of ${plot.points.length} configurations: ${plot.y.title} against ${plot.x.title}; ${plot.frontier.length} on the Pareto frontier`}
        onPointerMove={(e) => setHover(nearest(...local(e)))}
        onPointerLeave={() => setHover(null)}
        onClick={(e) => {
          const k = nearest(...local(e));
          if (k !== null) onOpen(geom.placed[k].p);
        }}
        style={{ cursor: hovered ? 'pointer' : 'default' }}
      >
        <g className="ex-grid">
          {geom.yTicks.map((t) => (
            <line key={`gy${t}`} x1={MARGIN.left} x2={W - MARGIN.right} y1={geom.y(t)} y2={geom.y(t)} />
          ))}
          {geom.xTicks.map((t) => (
            <line key={`gx${t}`} x1={geom.x(t)} x2={geom.x(t)} y1={MARGIN.top} y2={bottom} />
          ))}
        </g>
        <g className="ex-axis">
          <line x1={MARGIN.left} x2={W - MARGIN.right} y1={bottom} y2={bottom} />
          <line x1={MARGIN.left} x2={MARGIN.left} y1={MARGIN.top} y2={bottom} />
          {geom.xTicks.map((t) => (
            <text key={`x${t}`} x={geom.x(t)} y={bottom + 14} textAnchor="middle">
              {xFmt(t)}
            </text>
          ))}
          {geom.yTicks.map((t) => (
            <text key={`y${t}`} x={MARGIN.left - 6} y={geom.y(t)} textAnchor="end" dominantBaseline="central">
              {yFmt(t)}
            </text>
          ))}
          <text className="ex-axis-title" x={(MARGIN.left + W - MARGIN.right) / 2} y={H - 8} textAnchor="middle">
            {xTitle}
          </text>
          <text className="ex-axis-title" transform={`translate(14,${(MARGIN.top + bottom) / 2}) rotate(-90)`} textAnchor="middle">
            {yTitle}
          </text>
        </g>
        {geom.hbm ? (
          <g className="ex-hbm" data-testid="hbm-line">
            <line x1={geom.x(geom.hbm.gb)} x2={geom.x(geom.hbm.gb)} y1={MARGIN.top} y2={bottom} />
            <text x={geom.x(geom.hbm.gb) - 4} y={MARGIN.top + 10} textAnchor="end">
              {geom.hbm.label}
            </text>
          </g>
        ) : null}
        {geom.stairPath ? <path className="ex-frontier" d={geom.stairPath} data-testid="frontier-line" /> : null}
        {[...geom.paths].map(([schedule, d]) => {
          const m = markOf(schedule as PlotPoint['row']['schedule'], palette);
          return <path key={schedule} className="ex-points" d={d.join('')} fill={m.colour} data-schedule={schedule} />;
        })}
        {geom.front.map((q) => (
          <circle
            key={`f${q.p.index}`}
            className="ex-front-point"
            cx={q.cx}
            cy={q.cy}
            r={R + 3}
            tabIndex={0}
            role="button"
            aria-label={`${pointLabel(q.p)}: open in the Gantt chart`}
            data-testid="frontier-point"
            data-index={q.p.index}
            onFocus={() => setHover(geom.placed.indexOf(q))}
            onBlur={() => setHover(null)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                onOpen(q.p);
              }
            }}
          />
        ))}
        {hovered ? <circle className="ex-hover" cx={hovered.cx} cy={hovered.cy} r={R + 5} /> : null}
      </svg>
      {hovered ? (
        <div
          className="tooltip ex-tooltip"
          role="tooltip"
          data-testid="explore-tooltip"
          style={{
            left: hovered.cx > W - 260 ? undefined : hovered.cx + 14,
            right: hovered.cx > W - 260 ? W - hovered.cx + 14 : undefined,
            top: Math.max(0, Math.min(H - 150, hovered.cy - 20)),
          }}
        >
          {here.slice(0, 3).map((q) => (
            <div key={q.p.index} className="ex-tip-point">
              <div className="tt-title">{SCHEDULE_LABELS[q.p.row.schedule]}</div>
              {pointLines(q.p, plot).map((line) => (
                <div key={line}>{line}</div>
              ))}
            </div>
          ))}
          {here.length > 3 ? <div className="tt-sub">and {here.length - 3} more with the same numbers</div> : null}
          <div className="tt-sub">{hovered.p.onFrontier ? 'On the Pareto frontier. ' : ''}Click to open in the Gantt chart.</div>
        </div>
      ) : null}
    </div>
  );
}
