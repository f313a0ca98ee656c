/**
 * Pointer and keyboard input of the chart viewport: a thin binding of render/chartInput.ts (hit
 * test, key map, zoom and cursor moves, all pure) to the events and the store. The plot under the
 * pointer is found by its [data-chart] element; positions become plot px before the hit test.
 */
import type { KeyboardEvent, MouseEvent, PointerEvent } from 'react';
import { applyKey, clickResult, hitChart, keyAction, type Hit } from '../render/chartInput.ts';
import type { Rows } from '../render/rows.ts';
import type { TimeScale } from '../render/scales.ts';
import { normalizeDomain, type Domain } from '../render/zoomMath.ts';
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

/** The hit under a client position (over a plot), or null. */
function pick(input: Input, target: Element | null, clientX: number, clientY: number): Hit | null {
  const plot = target?.closest?.('[data-chart]') as HTMLElement | null;
  const g = plot ? input.charts[Number(plot.dataset.chart)] : undefined;
  if (!plot || !g) return null;
  const box = plot.getBoundingClientRect();
  return hitChart({ chart: g.chart, layout: g.result.layout, rows: g.rows }, input.x, clientX - box.left, clientY - box.top);
}

export function useChartInput(input: Input) {
  const store = useStoreApi();
  const charts = () => input.charts.map((g) => ({ chart: g.chart, layout: g.result.layout, rows: g.rows }));

  const onPointerMove = (e: PointerEvent<HTMLElement>) => {
    // while dragging (panning) the tooltip would chase the pointer: hide it
    const hit = e.buttons ? null : pick(input, e.target as Element, e.clientX, e.clientY);
    store.getState().setHover(hit ? ({ ...hit, x: e.clientX, y: e.clientY } satisfies HoverState) : null);
  };
  const onPointerLeave = () => store.getState().setHover(null);

  const onClick = (e: MouseEvent<HTMLElement>) => {
    const s = store.getState();
    const hit = pick(input, e.target as Element, e.clientX, e.clientY);
    if (!hit) {
      if ((e.target as Element).closest?.('[data-chart]')) s.selectMb(null);
      return;
    }
    const r = clickResult(charts(), hit, s.selectedMb);
    s.selectMb(r.selectMb);
    s.setCursor(r.cursor);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.target !== e.currentTarget) return;
    const action = keyAction(e);
    if (!action) return;
    const s = store.getState();
    const r = applyKey(action, { ...input, charts: charts(), cursor: s.cursor, selectedMb: s.selectedMb });
    if (!r.handled) return;
    if (r.cursor !== undefined) s.setCursor(r.cursor);
    if (r.clearHover) s.setHover(null);
    if (r.selectMb !== undefined) s.selectMb(r.selectMb);
    if (r.domain !== undefined) s.setDomain(r.domain && normalizeDomain(r.domain, input.extent));
    e.preventDefault();
  };

  return { onPointerMove, onPointerLeave, onClick, onKeyDown };
}
