/** Screen-reader announcement of the op under the keyboard cursor (a polite live region). */
import { useAppStore } from '../hooks/useAppStore.ts';
import type { ChartGeom } from '../hooks/useChartInput.ts';
import { halfLabel } from '../render/deps.ts';
import { rectAt } from '../render/layout.ts';
import { formatTime } from '../render/scales.ts';

export function CursorAnnouncer({ charts }: { charts: ChartGeom[] }) {
  const cursor = useAppStore((s) => s.cursor);
  const g = cursor ? charts[cursor.chart] : undefined;
  const o = g && cursor && cursor.op < g.result.layout.count ? rectAt(g.result.layout, cursor.op) : undefined;
  return (
    <div className="visually-hidden" aria-live="polite" data-testid="cursor-announcer">
      {o && g
        ? `${halfLabel(o, -1)} on rank ${o.rank}, ${formatTime(o.start, g.result.units)} to ${formatTime(o.end, g.result.units)}`
        : ''}
    </div>
  );
}
