/**
 * The op under the pointer (a tooltip beside it) and the op the keyboard cursor or a click has
 * pinned (a card with a close button). Both are positioned inside the chart column's visible
 * area (tooltipPlace.ts): the column scrolls and clips, so keeping to the window alone let the
 * tooltip of an op in the right third run out of sight. The card goes where it covers the least
 * of the highlighted micro-batch's ops, so it never hides the path it describes. Text only.
 *
 * The card follows the viewport in the DOM: Tab from the chart reaches its close button; Enter on
 * it, a click or Escape close it (and clear the highlight, as Escape on the chart does).
 */
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useAppStore, useStoreApi } from '../hooks/useAppStore.ts';
import type { ChartGeom } from '../hooks/useChartInput.ts';
import { formatMemory, memoryUnitOf, rankLimitsOf } from '../pipeline/memoryLimit.ts';
import { aliveAfterAllocation, pastLimit } from '../render/overLimit.ts';
import { producersOf } from '../pipeline/runEngine.ts';
import { microbatchPath } from '../render/deps.ts';
import { describeOp } from '../render/describe.ts';
import { rectAt } from '../render/layout.ts';
import type { LaneName } from '../render/rows.ts';
import type { TimeScale } from '../render/scales.ts';
import type { HoverState, OpRef } from '../store/viewSlice.ts';
import { placeAway, placeNear, visibleBox, type Rect } from './tooltipPlace.ts';

type Pos = { left: number; top: number } | null;

export function Tooltip({ charts, x }: { charts: ChartGeom[]; x: TimeScale }) {
  const hover = useAppStore((s) => s.hover);
  const cursor = useAppStore((s) => s.cursor);
  const valid = (c: OpRef | null): c is OpRef => !!c && !!charts[c.chart] && c.op >= 0 && c.op < charts[c.chart].result.layout.count;
  const pinned = valid(cursor) ? cursor : null;
  // the pinned op's details are already on screen: no second box for it
  const hovered = valid(hover) && !(pinned && pinned.chart === hover.chart && pinned.op === hover.op) ? hover : null;
  return (
    <>
      {pinned ? <OpCard charts={charts} x={x} chart={pinned.chart} op={pinned.op} /> : null}
      {/* after the card: what the pointer is on now is drawn over it */}
      {hovered ? <HoverTip charts={charts} hover={hovered} /> : null}
    </>
  );
}

/** Relayouts on any scroll or resize: the boxes are placed against what is visible now. */
function useViewportChanges(): number {
  const [n, setN] = useState(0);
  useEffect(() => {
    const bump = () => setN((k) => k + 1);
    window.addEventListener('scroll', bump, true);
    window.addEventListener('resize', bump);
    return () => {
      window.removeEventListener('scroll', bump, true);
      window.removeEventListener('resize', bump);
    };
  }, []);
  return n;
}

/** Client position → style within the positioned chart area (the boxes are absolutely placed). */
function place(el: HTMLElement, client: { left: number; top: number }, set: (p: (prev: Pos) => Pos) => void) {
  const origin = (el.offsetParent ?? el.parentElement)!.getBoundingClientRect();
  const left = Math.round(client.left - origin.left);
  const top = Math.round(client.top - origin.top);
  set((p) => (p && p.left === left && p.top === top ? p : { left, top }));
}

const areaOf = (el: Element) => visibleBox(el, window, (e) => getComputedStyle(e));

function HoverTip({ charts, hover }: { charts: ChartGeom[]; hover: HoverState }) {
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState<Pos>(null);
  const changed = useViewportChanges();
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    place(el, placeNear(hover.x, hover.y, { w: el.offsetWidth, h: el.offsetHeight }, areaOf(el)), setPos);
  }, [hover, changed]);
  const g = charts[hover.chart];
  return (
    <div
      ref={ref}
      className="tooltip"
      role="tooltip"
      id="op-hover-tooltip"
      data-testid="tooltip"
      style={pos ?? { left: -9999, top: 0, visibility: 'hidden' }}
    >
      <OpDetails g={g} op={hover.op} half={hover.half} lane={hover.lane} piece={hover.piece} />
    </div>
  );
}

function OpCard({ charts, x, chart, op }: { charts: ChartGeom[]; x: TimeScale; chart: 0 | 1; op: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const store = useStoreApi();
  const selectedMb = useAppStore((s) => s.selectedMb);
  const [pos, setPos] = useState<Pos>(null);
  const changed = useViewportChanges();

  useLayoutEffect(() => {
    const el = ref.current;
    const area = el?.parentElement;
    if (!el || !area) return;
    const x0 = x.left;
    const x1 = x.right;
    const box = (c: ChartGeom, i: number, plot: DOMRect): Rect | null => {
      const o = rectAt(c.result.layout, i);
      const a = Math.max(x0, x.px(o.start));
      const b = Math.min(x1, x.px(o.end));
      if (b < x0 || a > x1) return null;
      const row = c.rows.rows[o.rank];
      return { left: plot.left + a, right: plot.left + Math.max(a + 2, b), top: plot.top + row.y, bottom: plot.top + row.y + row.h };
    };
    const plotOf = (c: number) => area.querySelector(`[data-chart="${c}"]`)?.getBoundingClientRect();
    const home = plotOf(chart);
    if (!home) return;
    const anchor = box(charts[chart], op, home) ?? { left: home.left + x0, right: home.left + x0, top: home.top, bottom: home.top };
    const avoid: Rect[] = [];
    if (selectedMb !== null) {
      for (const c of charts) {
        const plot = plotOf(c.chart);
        if (!plot) continue;
        for (const m of microbatchPath(producersOf(c.result), selectedMb).members) {
          const r = box(c, m.op, plot);
          if (r) avoid.push(r);
        }
      }
    }
    place(el, placeAway({ w: el.offsetWidth, h: el.offsetHeight }, areaOf(el), anchor, avoid), setPos);
  }, [charts, x, chart, op, selectedMb, changed]);

  const close = () => {
    const s = store.getState();
    s.selectMb(null);
    s.setCursor(null);
    // back to the chart, where the keyboard was
    (ref.current?.parentElement?.querySelector('[data-testid="viewport"]') as HTMLElement | null)?.focus();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    close();
  };
  const g = charts[chart];
  return (
    <div
      ref={ref}
      className="tooltip op-card"
      role="dialog"
      aria-modal="false"
      aria-labelledby="op-card-title"
      id="op-tooltip"
      data-testid="op-card"
      style={pos ?? { left: -9999, top: 0, visibility: 'hidden' }}
      onKeyDown={onKeyDown}
    >
      <button type="button" className="op-card-close" aria-label="Close op details (Escape)" title="Close (Escape)" onClick={close}>
        ×
      </button>
      <OpDetails g={g} op={op} half={-1} lane="compute" piece={-1} titleId="op-card-title" />
    </div>
  );
}

function OpDetails({
  g,
  op,
  half,
  lane,
  piece,
  titleId,
}: {
  g: ChartGeom;
  op: number;
  half: 0 | 1 | -1;
  lane: LaneName;
  piece: number;
  titleId?: string;
}) {
  const { layout, units, timeline, params } = g.result;
  const d = describeOp(layout, producersOf(g.result), units, op, half, lane, piece);
  // activation alive on the rank once this op has allocated, against the rank's memory limit
  const alive = aliveAfterAllocation(timeline, layout)[op];
  const unit = memoryUnitOf(g.result);
  const limit = rankLimitsOf(g.result, layout.ranks, params.memLimit)?.[layout.buf.rank[op]!] ?? null;
  const over = alive !== undefined && limit !== null && pastLimit(alive, limit);
  const memory: [string, string] | null =
    alive === undefined || Number.isNaN(alive)
      ? null
      : [
          'memory',
          `${formatMemory(alive, unit)} alive after it${limit === null ? '' : over ? ` — over the ${formatMemory(limit, unit)} limit` : ` (limit ${formatMemory(limit, unit)})`}`,
        ];
  return (
    <>
      <div className="tt-title" id={titleId}>
        {d.title}
      </div>
      <table>
        <tbody>
          {d.rows.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td data-field={k}>{v}</td>
            </tr>
          ))}
          {memory ? (
            <tr className={over ? 'over-limit' : undefined}>
              <th scope="row">{memory[0]}</th>
              <td data-field="memory">{memory[1]}</td>
            </tr>
          ) : null}
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
    </>
  );
}
