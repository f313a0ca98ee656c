// @vitest-environment jsdom
/**
 * The exported figure is the screen's, shape for shape: for every view of testing/figureViews.ts
 * and each of its charts, the app's SVG view (GanttSvg rendered in jsdom from the inputs the
 * chart panel gives it), its label layer and the canvas view (the painter on a recording context)
 * draw the same op groups, rects (fill, dimming, px box), pair borders, lanes, bubbles, labels,
 * arrows, gutter labels and heading as the exported SVG — same count, same fills per op half.
 */
import { cleanup, render } from '@testing-library/react';
import { JSDOM } from 'jsdom';
import { afterEach, describe, expect, it } from 'vitest';
import { ChartOverlay } from '../components/ChartOverlay.tsx';
import { GanttSvg } from '../components/GanttSvg.tsx';
import { producersOf, type EngineOk } from '../pipeline/runEngine.ts';
import { scheduleLabel } from '../store/params.ts';
import { paintChart, paintLabels } from './canvasPainter.ts';
import { microbatchPath } from './deps.ts';
import { chartHeading } from './figure.ts';
import { chartShapes, selectionOf } from './geometry.ts';
import { getPalette } from './palette.ts';
import { rowLayout } from './rows.ts';
import { axisTicks, timeScale } from './scales.ts';
import { FIGURE_VIEWS, figureInputs, figureSvg } from './testing/figureViews.ts';
import { recorder, type DrawCall } from './testing/recorder.ts';

afterEach(cleanup);

const WIDTH = 1200;
const DATA = [
  'data-rank',
  'data-kind',
  'data-stage',
  'data-microbatch',
  'data-backward-stage',
  'data-backward-microbatch',
  'data-direction',
];

/** A rect as both outputs write it: role, fill, stroke, dimming, piece, px box. */
interface RectKey {
  cls: string;
  fill: string;
  stroke: string;
  opacity: string;
  piece: string;
  box: number[];
}

const rectKey = (r: Element): RectKey => ({
  cls: r.getAttribute('class') ?? '',
  fill: r.getAttribute('fill') ?? '',
  stroke: r.getAttribute('stroke') ?? '',
  opacity: r.getAttribute('opacity') ?? '',
  piece: r.getAttribute('data-piece') ?? '',
  box: ['x', 'y', 'width', 'height'].map((a) => Number(r.getAttribute(a))),
});

/** Op groups in document order: class, data attributes, group dimming and their rects. */
function opGroups(root: Element) {
  return Array.from(root.querySelectorAll('g.ops > g')).map((g) => ({
    cls: g.getAttribute('class'),
    data: DATA.map((a) => g.getAttribute(a) ?? ''),
    opacity: g.getAttribute('opacity') ?? '',
    rects: Array.from(g.querySelectorAll('rect')).map(rectKey),
  }));
}

const laneRects = (root: Element) => Array.from(root.querySelectorAll('g.streams > rect')).map(rectKey);
const bubbleRects = (root: Element) => Array.from(root.querySelectorAll('g.bubbles > rect')).map((r) => rectKey(r).box);

/** Equal up to the outputs' rounding (the view writes 2 decimals, the export 3). */
function expectClose(a: unknown, b: unknown, path = ''): void {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Math.abs(a - b) > 0.011) expect.fail(`${path}: ${a} ≠ ${b}`);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    expect(a.length, `${path} length`).toBe(b.length);
    a.forEach((v, k) => expectClose(v, b[k], `${path}[${k}]`));
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)]))
      expectClose((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    return;
  }
  expect(a, path).toBe(b);
}

/** What the chart panel gives its views for chart c of a view (ChartPanel's inputs). */
function screenInputs(result: EngineOk, extent: number, v: ReturnType<typeof figureInputs>['view']) {
  const { layout } = result;
  const x = timeScale(v.domain ?? [0, extent], WIDTH);
  const rows = rowLayout(layout.ranks, !!result.detail);
  const palette = getPalette(v.palette, v.theme);
  const mb = v.microbatch;
  const selection = mb === null ? null : selectionOf(layout, mb, microbatchPath(producersOf(result), mb));
  const grid = axisTicks(x, result.units).map((t) => t.px);
  return { layout, x, rows, palette, selection, grid };
}

describe.each(FIGURE_VIEWS.map((v) => [v.name, v] as const))('%s: the export draws what the screen draws', (_, fv) => {
  const inputs = figureInputs(fv);
  const results = inputs.compare ? [inputs.main, inputs.compare] : [inputs.main];
  const extent = Math.max(...results.map((r) => r.layout.makespan));
  const doc = new new JSDOM('').window.DOMParser().parseFromString(figureSvg(fv), 'image/svg+xml');

  it.each(results.map((r, c) => [c, r] as const))('chart %i', (c, result) => {
    const s = screenInputs(result, extent, inputs.view);
    const chart = doc.querySelector(`g.chart[data-chart="${c}"]`)!;
    expect(chart).not.toBeNull();

    // the SVG view: op groups, their rects, lanes and bubbles
    const shapes = chartShapes({ ...s });
    const testid = c === 0 ? 'gantt' : 'gantt-compare';
    const { container } = render(
      <GanttSvg
        shapes={shapes}
        layout={s.layout}
        rows={s.rows}
        x={s.x}
        width={WIDTH}
        palette={s.palette}
        grid={s.grid}
        testid={testid}
        label=""
      />,
    );
    const view = container.querySelector('svg')!;
    const screenOps = opGroups(view);
    expect(screenOps.length).toBeGreaterThan(0);
    expectClose(screenOps, opGroups(chart), 'ops');
    expectClose(laneRects(view), laneRects(chart), 'lanes');
    expectClose(bubbleRects(view), bubbleRects(chart), 'bubbles');
    // F&B pairs: two halves each, forward fill on top, in both outputs
    const fb = screenOps.filter((g) => g.data[1] === 'FB' && g.cls !== 'op expanded');
    for (const g of fb) expect(g.rects.slice(0, 2).map((r) => r.fill)).toEqual([s.palette.fill.F[+g.data[6]], expect.any(String)]);

    // the label layer (canvas over the SVG view) and the export's <text> labels
    const labels = recorder();
    paintLabels(labels.ctx, { shapes, rows: s.rows, x: s.x, width: WIDTH, height: s.rows.height, palette: s.palette, grid: s.grid });
    const painted = labels.calls.map((k) => [k.text, k.args[0], k.args[1], k.fill, k.alpha === 1 ? '' : String(k.alpha)]);
    const written = Array.from(chart.querySelectorAll('g.labels > text')).map((t) => [
      t.textContent,
      Number(t.getAttribute('x')),
      Number(t.getAttribute('y')),
      t.getAttribute('fill'),
      t.getAttribute('opacity') ?? '',
    ]);
    // (the painter batches by colour: compare as sets, in reading order)
    const order = (a: unknown[], b: unknown[]) =>
      Math.round(Number(a[2])) - Math.round(Number(b[2])) || Math.round(Number(a[1])) - Math.round(Number(b[1]));
    expect(painted.length).toBe(written.length);
    expectClose(painted.sort(order), written.sort(order), 'labels');

    // the canvas view (sub-pixel ops merged; none in these views): the same fills, borders and dimming
    const canvas = recorder();
    paintChart(canvas.ctx, {
      shapes: chartShapes({ ...s, merge: true }),
      rows: s.rows,
      x: s.x,
      width: WIDTH,
      height: s.rows.height,
      palette: s.palette,
      grid: s.grid,
    });
    type Fill = [string, number, ...number[]];
    const fill = (style: unknown, alpha: number | string, box: number[]): Fill => [String(style), alpha === '' ? 1 : Number(alpha), ...box];
    const sorted = (xs: Fill[]) =>
      xs.sort(
        (a, b) => a[0].localeCompare(b[0]) || a[1] - b[1] || Math.round(a[3]) - Math.round(b[3]) || Math.round(a[2]) - Math.round(b[2]),
      );
    const ofCanvas = (op: DrawCall['op'], skip: unknown[]) =>
      sorted(canvas.calls.filter((k) => k.op === op && !skip.includes(k.fill)).map((k) => fill(k.fill, k.alpha, k.args)));
    // the export writes a dimmed opened op's opacity on its group
    const svgRects = Array.from(chart.querySelectorAll('g.ops rect, g.streams > rect')).map((r) => {
      const k = rectKey(r);
      return { ...k, opacity: k.opacity || (r.closest('g.op')?.getAttribute('opacity') ?? '') };
    });
    expectClose(
      ofCanvas('fillRect', [s.palette.background, s.palette.bubble]),
      sorted(svgRects.filter((r) => r.fill !== 'none').map((r) => fill(r.fill, r.opacity, r.box))),
      'canvas fills',
    );
    expectClose(
      ofCanvas('strokeRect', []),
      sorted(svgRects.filter((r) => r.cls === 'pair-border').map((r) => fill(r.stroke, r.opacity, r.box))),
      'canvas borders',
    );

    // the overlay's arrows (highlighted micro-batch) and the export's
    const overlay = render(
      <ChartOverlay
        chart={c as 0 | 1}
        layout={s.layout}
        bubble={result.metrics.bubble}
        rows={s.rows}
        x={s.x}
        width={WIDTH}
        palette={s.palette}
        units={result.units}
        selection={s.selection}
        hoverOp={-1}
        cursorOp={-1}
      />,
    ).container;
    const arrows = (root: Element) =>
      Array.from(root.querySelectorAll('.arrows path')).map((p) => [p.getAttribute('data-arrow'), p.getAttribute('d')]);
    expect(arrows(overlay)).toEqual(arrows(chart));
    expect(arrows(chart).length > 0).toBe(!!s.selection && s.selection.path.arrows.length > 0);
    const outlines = (root: Element) => Array.from(root.querySelectorAll('.path-outline')).map((r) => rectKey(r).box);
    expectClose(outlines(overlay), outlines(chart), 'outlines');
    // the heading line: the chart panel's words and numbers
    const h = chartHeading({
      name: scheduleLabel(result.schedule),
      compare: c === 1,
      layout: s.layout,
      stagesPerRank: result.stagesPerRank,
      makespan: result.metrics.makespan,
      bubble: result.metrics.bubble,
      closed: result.closed?.value ?? null,
      units: result.units,
    });
    expect(doc.querySelectorAll('.chart-title')[c].textContent).toBe(h.name + h.detail);
    const gutter = (root: Element) =>
      Array.from(root.querySelectorAll('.rank-labels text')).map((t) => [t.textContent, t.getAttribute('class')]);
    expect(gutter(overlay)).toEqual(gutter(chart));
  });
});
