/**
 * Bounded HTML tooltip for the op under the pointer, or under the keyboard cursor when the
 * pointer is elsewhere (speedscope's hovertip, visx TooltipWithBounds): kept inside the window,
 * flipped to the other side of the pointer near an edge. Text only.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import { useAppStore } from '../hooks/useAppStore.ts';
import { producersOf } from '../pipeline/runEngine.ts';
import type { ChartGeom } from '../hooks/useChartInput.ts';
import { describeOp } from '../render/describe.ts';
import type { TimeScale } from '../render/scales.ts';

export function Tooltip({ charts, x }: { charts: ChartGeom[]; x: TimeScale }) {
  const hover = useAppStore((s) => s.hover);
  const cursor = useAppStore((s) => s.cursor);
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState<{ left: number; top: number } | null>(null);
  const target = hover ?? (cursor ? { ...cursor, half: -1 as const, piece: -1, lane: 'compute' as const, x: NaN, y: NaN } : null);
  const g = target ? charts[target.chart] : undefined;
  const valid = !!(target && g && target.op >= 0 && target.op < g.result.layout.rects.length);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!valid || !el || !target || !g) return;
    let ax = target.x;
    let ay = target.y;
    let gapX = 14;
    if (Number.isNaN(ax)) {
      // keyboard cursor: anchor at the op's box
      const plot = document.querySelector(`[data-chart="${target.chart}"]`);
      if (!plot) return;
      const box = plot.getBoundingClientRect();
      const o = g.result.layout.rects[target.op];
      const lane = g.rows.rows[o.rank].compute;
      ax = box.left + x.insidePx(o.end);
      ay = box.top + lane.y + lane.h;
      gapX = 4;
    }
    const w = el.offsetWidth;
    const h = el.offsetHeight;
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    let left = ax + gapX;
    if (left + w > vw - 8) left = Math.max(8, ax - gapX - w);
    let top = ay + 14;
    if (top + h > vh - 8) top = Math.max(8, ay - 14 - h);
    setPos((p) => (p && p.left === left && p.top === top ? p : { left, top }));
  });

  if (!valid || !target || !g) return null;
  const { layout, units } = g.result;
  const d = describeOp(layout, producersOf(g.result), units, target.op, target.half, target.lane, target.piece);
  return (
    <div
      ref={ref}
      className="tooltip"
      role="tooltip"
      id="op-tooltip"
      data-testid="tooltip"
      style={pos ? { left: pos.left, top: pos.top } : { left: -9999, top: 0 }}
    >
      <div className="tt-title">{d.title}</div>
      <table>
        <tbody>
          {d.rows.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td data-field={k}>{v}</td>
            </tr>
          ))}
          {d.piece?.map(([k, v]) => (
            <tr key={`p-${k}`} className="tt-piece">
              <th scope="row">{k}</th>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="tt-waits" data-testid="tooltip-waits">
        <div className="tt-sub">waited for</div>
        <ul>
          {d.waits.map((w, k) => (
            <li key={k} className={w.binding ? 'binding' : 'other'}>
              {w.text}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
