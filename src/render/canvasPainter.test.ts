import { describe, expect, it } from 'vitest';
import { detailedTimeline, getPreset, withLayers } from '../engine/overlap/index.ts';
import { paintChart, paintLabels } from './canvasPainter.ts';
import { recorder } from './testing/recorder.ts';
import { chartShapes, selectionOf } from './geometry.ts';
import { layoutTimeline, type Layout } from './layout.ts';
import { moveCursor } from './navigation.ts';
import { getPalette } from './palette.ts';
import { rowLayout } from './rows.ts';
import { timeScale } from './scales.ts';
import { timelineOf } from './testing.ts';

/** A highlight of the given op halves (bit h of halves[i] = half h of op i is on the path). */
function highlightOf(layout: Layout, halves: Uint8Array) {
  const members = [...halves].flatMap((h, op) => [0, 1].filter((b) => h & (1 << b)).map((half) => ({ op, half: half as 0 | 1 })));
  return selectionOf(layout, 0, { members, arrows: [] });
}

function paint(layout: Layout, width: number, domain: [number, number] = [0, layout.makespan], halves: Uint8Array | null = null) {
  const { ctx, calls } = recorder();
  const rows = rowLayout(layout.ranks, !!layout.detail);
  const x = timeScale(domain, width);
  const palette = getPalette('cb', 'light');
  const selection = halves ? highlightOf(layout, halves) : null;
  const shapes = chartShapes({ layout, rows, x, palette, selection, merge: true });
  const stats = paintChart(ctx, { shapes, rows, x, width, height: rows.height, palette, grid: [] });
  return { calls, stats, rows };
}

describe('paintChart', () => {
  const l = layoutTimeline(timelineOf({ schedule: '1f1b', ranks: 2, microbatches: 2 }, { B: 2 }));
  it('one fill per op at readable widths, labelled, bubbles behind', () => {
    const { calls, stats } = paint(l, 64 + 64 + 900); // 100 px per unit
    expect(stats.ops).toBe(8);
    const pal = getPalette('cb', 'light');
    const fills = calls.filter((c) => c.op === 'fillRect' && c.fill !== pal.background);
    const bubbleFill = pal.bubble;
    expect(fills.filter((c) => c.fill === bubbleFill)).toHaveLength(2);
    const ops = fills.filter((c) => c.fill !== bubbleFill);
    expect(ops).toHaveLength(8);
    // r0 B mb0 runs 4..6: x = 64 + 400, width 200 − 1 px gap
    const b0 = ops.find((c) => Math.abs(c.args[0] - 464) < 1e-6 && c.args[1] === 4)!;
    [464, 4, 199, 26].forEach((v, k) => expect(b0.args[k]).toBeCloseTo(v, 9));
    expect(b0.fill).toBe(getPalette('cb', 'light').fill.B[0]);
    expect(calls.filter((c) => c.op === 'fillText').map((c) => c.text)).toEqual(['0', '1', '0', '1', '0', '0', '1', '1']);
  });

  it('the SVG view’s label layer draws exactly the chart’s labels, dimmed alike, and nothing else', () => {
    for (const [layout, width] of [
      [l, 1028],
      [layoutTimeline(timelineOf({ schedule: 'dualpipe', ranks: 4, microbatches: 10 })), 1400],
    ] as const) {
      const rows = rowLayout(layout.ranks, false);
      const selection = highlightOf(
        layout,
        new Uint8Array(layout.rects.length).map((_, i) => (i % 3 === 0 ? 3 : 0)),
      );
      const x = timeScale([0, layout.makespan], width);
      const palette = getPalette('cb', 'light');
      const shapes = chartShapes({ layout, rows, x, palette, selection });
      const input = { shapes, rows, x, width, height: rows.height, palette, grid: [] };
      const chart = recorder();
      paintChart(chart.ctx, input);
      const labels = recorder();
      paintLabels(labels.ctx, input);
      const texts = (calls: typeof chart.calls) =>
        calls.filter((c) => c.op === 'fillText').map((c) => [c.text, ...c.args, c.fill, c.alpha]);
      expect(texts(labels.calls).length).toBeGreaterThan(3);
      expect(texts(labels.calls)).toEqual(texts(chart.calls));
      expect(labels.calls.filter((c) => c.op !== 'fillText')).toEqual([]);
    }
  });

  it('culls to the window', () => {
    const { stats } = paint(l, 1028, [4.5, 5.5]);
    expect(stats.ops).toBe(3); // r0 B0; r1 F1 (4-5), B1 (5-7)
  });

  it('dims ops outside the highlighted micro-batch', () => {
    const hl = new Uint8Array(8);
    hl[0] = 1;
    const { calls } = paint(l, 1028, [0, 9], hl);
    const ops = calls.filter(
      (c) => c.op === 'fillRect' && c.fill !== getPalette('cb', 'light').bubble && c.fill !== getPalette('cb', 'light').background,
    );
    expect(ops.map((c) => c.alpha)).toEqual([1, 0.22, 0.22, 0.22, 0.22, 0.22, 0.22, 0.22]);
  });

  it('merges sub-pixel ops: P=64/M=512 DualPipe fully zoomed out is far fewer fills than ops, all inside the plot', () => {
    const big = layoutTimeline(timelineOf({ schedule: 'dualpipe', ranks: 64, microbatches: 512 }));
    const { calls, stats } = paint(big, 1000);
    expect(stats.ops).toBe(big.rects.length);
    expect(stats.fills).toBeLessThan(big.rects.length / 3);
    for (const c of calls)
      if (c.op === 'fillRect' && c.fill !== getPalette('cb', 'light').background) expect(c.args[0]).toBeGreaterThanOrEqual(62);
  });

  it('detailed mode: expanded ops draw their pieces, collapsed ones one box; comm and PP lanes filled', () => {
    const d = detailedTimeline(
      { schedule: 'dualpipe', ranks: 2, microbatches: 4 },
      withLayers(getPreset('deepseek-v3-h800-measured').model, 1),
      20,
    );
    const dl = layoutTimeline(d, d.detail);
    const wide = paint(dl, 64 + 64 + 20000);
    const narrow = paint(dl, 64 + 64 + 300);
    expect(wide.stats.fills).toBeGreaterThan(narrow.stats.fills);
    const pal = getPalette('cb', 'light');
    expect(wide.calls.some((c) => c.fill === pal.dispatch)).toBe(true);
    expect(narrow.calls.some((c) => c.fill === pal.pp)).toBe(true);
  });
});

describe('moveCursor', () => {
  const l = layoutTimeline(timelineOf({ schedule: '1f1b', ranks: 2, microbatches: 2 }, { B: 2 }));
  it('left/right along the rank, up/down to the overlapping op of the next rank', () => {
    expect(moveCursor(l, 1, 'right')).toBe(2);
    expect(moveCursor(l, 3, 'right')).toBe(3);
    expect(moveCursor(l, 0, 'left')).toBe(0);
    expect(moveCursor(l, 2, 'down')).toBe(7); // r0 B0 4-6 (mid 5) → r1 B1 5-7
    expect(moveCursor(l, 7, 'up')).toBe(2); // mid 6: r0's B0 ended there, nearest
    expect(moveCursor(l, 0, 'up')).toBe(0);
  });
});
