/**
 * The tooltip of the measured page: for the op under the pointer, measured and simulated start,
 * end and compute time, the wait inside the measured range and the differences (sideBySide.ts
 * describeCompared). Placed beside the pointer inside the visible part of the charts
 * (tooltipPlace.ts, as the schedule view's). Text only.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import type { OpComparison } from '../../measured/index.ts';
import type { Layout } from '../../render/layout.ts';
import { placeNear, visibleBox } from '../tooltipPlace.ts';
import { describeCompared } from './sideBySide.ts';

export interface Hovered {
  chart: 0 | 1;
  /** layout rect index (the same op in both charts) */
  op: number;
  /** pointer, client px */
  x: number;
  y: number;
}

export function MeasuredTooltip({ hover, layout, op }: { hover: Hovered; layout: Layout; op: OpComparison }) {
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState<{ left: number; top: number } | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const area = visibleBox(el, window, (e) => getComputedStyle(e));
    const p = placeNear(hover.x, hover.y, { w: el.offsetWidth, h: el.offsetHeight }, area);
    const origin = (el.offsetParent ?? el.parentElement)!.getBoundingClientRect();
    const next = { left: Math.round(p.left - origin.left), top: Math.round(p.top - origin.top) };
    setPos((q) => (q && q.left === next.left && q.top === next.top ? q : next));
  }, [hover]);
  const d = describeCompared(layout, op, hover.op);
  return (
    <div
      ref={ref}
      className="tooltip"
      role="tooltip"
      data-testid="measured-tooltip"
      style={pos ?? { left: -9999, top: 0, visibility: 'hidden' }}
    >
      <div className="tt-title">{d.title}</div>
      <table>
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">measured</th>
            <th scope="col">simulated</th>
          </tr>
        </thead>
        <tbody>
          {d.rows.map(([k, m, s]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td data-field={`measured ${k}`}>{m}</td>
              <td data-field={`simulated ${k}`}>{s}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {d.diffs.length ? (
        <div className="tt-sub" data-testid="measured-tooltip-diff">
          simulated − measured: {d.diffs.map(([k, v]) => `${k} ${v}`).join(' · ')}
        </div>
      ) : null}
      {d.wait ? (
        <div className="tt-sub" data-testid="measured-tooltip-wait">
          {d.wait}
        </div>
      ) : null}
    </div>
  );
}
