/**
 * Pointer and keyboard input of the chart viewport. The pointer path is the same for the SVG and
 * canvas views (docs/style.md C.3): find the plot under the pointer ([data-chart]), invert x into
 * time and y into (rank, lane), hit-test the layout. Keys: W/S or +/− zoom, A/D or Shift+arrows
 * pan, 0 resets, arrows move an op cursor, Enter highlights its micro-batch, Esc clears.
 */
import type { KeyboardEvent, MouseEvent, PointerEvent } from 'react';
import { hitOp, hitPiece, hitSend } from '../render/hitTest.ts';
import { isExpanded } from '../render/geometry.ts';
import { moveCursor, type Direction } from '../render/navigation.ts';
import { laneAt, type Rows } from '../render/rows.ts';
import type { TimeScale } from '../render/scales.ts';
import { normalizeDomain, panBy, revealInterval, zoomAround, type Domain } from '../render/zoomMath.ts';
import type { HoverState } from '../store/viewSlice.ts';
import type { EngineOk } from '../pipeline/runEngine.ts';
import { useStoreApi } from './useAppStore.ts';

export interface ChartGeom {
  chart: 0 | 1;
  result: EngineOk;
  rows: Rows;
}

interface Input {
  charts: ChartGeom[];
  x: TimeScale;
  domain: Domain;
  extent: number;
  minSpan: number;
}

/** Hit-test a client position against the plots; null when over nothing. */
export function pick(input: Input, target: Element | null, clientX: number, clientY: number): HoverState | null {
  const plot = target?.closest?.('[data-chart]') as HTMLElement | null;
  if (!plot) return null;
  const g = input.charts[Number(plot.dataset.chart)];
  if (!g) return null;
  const box = plot.getBoundingClientRect();
  const px = clientX - box.left;
  const py = clientY - box.top;
  const [left, right] = input.x.range();
  if (px < left || px > right) return null;
  const lane = laneAt(g.rows, py);
  if (!lane) return null;
  const layout = g.result.layout;
  const t = input.x.invert(px);
  const tol = (3 * (input.domain[1] - input.domain[0])) / Math.max(1, right - left);
  let op = -1;
  let piece = -1;
  let half: 0 | 1 | -1 = -1;
  if (lane.lane === 'pp') {
    op = hitSend(layout, lane.rank, t);
    piece = op >= 0 ? 0 : -1;
  } else {
    op = hitOp(layout, lane.rank, t, tol);
    if (op >= 0) {
      const w = input.x(layout.buf.end[op]) - input.x(layout.buf.start[op]);
      if (lane.lane === 'comm' || isExpanded(layout, op, w)) piece = hitPiece(layout, op, lane.lane, t);
      if (lane.lane === 'compute' && layout.rects[op].kind === 'FB') {
        const row = g.rows.rows[lane.rank].compute;
        half = py < row.y + row.h / 2 ? 0 : 1;
      }
    }
  }
  if (op < 0) return null;
  return { chart: g.chart, op, half, piece, lane: lane.lane, x: clientX, y: clientY };
}

export function useChartInput(input: Input) {
  const store = useStoreApi();

  const onPointerMove = (e: PointerEvent<HTMLElement>) => {
    // while dragging (panning) the tooltip would chase the pointer: hide it
    store.getState().setHover(e.buttons ? null : pick(input, e.target as Element, e.clientX, e.clientY));
  };
  const onPointerLeave = () => store.getState().setHover(null);

  const onClick = (e: MouseEvent<HTMLElement>) => {
    const s = store.getState();
    const h = pick(input, e.target as Element, e.clientX, e.clientY);
    if (!h) {
      if ((e.target as Element).closest?.('[data-chart]')) s.selectMb(null);
      return;
    }
    const { buf } = input.charts[h.chart].result.layout;
    const mb = h.half === 1 ? buf.bmb[h.op] : buf.mb[h.op];
    s.selectMb(s.selectedMb === mb ? null : mb);
    s.setCursor({ chart: h.chart, op: h.op });
  };

  const setDomain = (d: Domain) => store.getState().setDomain(normalizeDomain(d, input.extent));

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.target !== e.currentTarget || e.altKey || e.ctrlKey || e.metaKey) return;
    const s = store.getState();
    const { domain, extent, minSpan } = input;
    const cursor = s.cursor && input.charts[s.cursor.chart] ? s.cursor : null;
    const center = cursor
      ? (() => {
          const b = input.charts[cursor.chart].result.layout.buf;
          const mid = (b.start[cursor.op] + b.end[cursor.op]) / 2;
          return mid >= domain[0] && mid <= domain[1] ? mid : (domain[0] + domain[1]) / 2;
        })()
      : (domain[0] + domain[1]) / 2;
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    const arrows: Record<string, Direction> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };
    if (key === 'w' || key === '+' || key === '=') setDomain(zoomAround(domain, 1.5, center, extent, minSpan));
    else if (key === 's' || key === '-' || key === '_') setDomain(zoomAround(domain, 1 / 1.5, center, extent, minSpan));
    else if (key === 'a' || (e.shiftKey && key === 'ArrowLeft')) setDomain(panBy(domain, -0.2, extent, minSpan));
    else if (key === 'd' || (e.shiftKey && key === 'ArrowRight')) setDomain(panBy(domain, 0.2, extent, minSpan));
    else if (key === '0') s.setDomain(null);
    else if (key in arrows) {
      const g = input.charts[cursor?.chart ?? 0];
      const layout = g.result.layout;
      let op: number;
      if (!cursor) {
        // start at the first op visible on the top rank
        op = hitOp(layout, 0, domain[0], Infinity);
      } else op = moveCursor(layout, cursor.op, arrows[key]);
      if (op < 0) return;
      // up/down past the last rank of the main chart continue into the compare chart
      if (cursor && op === cursor.op && (key === 'ArrowDown' || key === 'ArrowUp')) {
        const other = input.charts[key === 'ArrowDown' ? g.chart + 1 : g.chart - 1];
        if (other) {
          const o = layout.rects[op];
          const r = key === 'ArrowDown' ? 0 : other.result.layout.ranks - 1;
          const j = hitOp(other.result.layout, r, (o.start + o.end) / 2, Infinity);
          if (j >= 0) {
            s.setCursor({ chart: other.chart, op: j });
            e.preventDefault();
            return;
          }
        }
      }
      s.setCursor({ chart: g.chart, op });
      s.setHover(null);
      const b = layout.buf;
      const next = revealInterval(domain, b.start[op], b.end[op], extent, minSpan);
      if (next !== domain) setDomain(next);
    } else if (key === 'Enter' || key === ' ') {
      if (!cursor) return;
      const b = input.charts[cursor.chart].result.layout.buf;
      const mb = e.shiftKey && b.bmb[cursor.op] >= 0 ? b.bmb[cursor.op] : b.mb[cursor.op];
      s.selectMb(s.selectedMb === mb ? null : mb);
    } else if (key === 'Escape') {
      s.selectMb(null);
      s.setCursor(null);
      s.setHover(null);
    } else return;
    e.preventDefault();
  };

  return { onPointerMove, onPointerLeave, onClick, onKeyDown };
}
