/**
 * Standalone SVG of one overlapped forward+backward pair (docs/overlap.md §3): the overlap model's
 * replay on its compute / comm (/ PP) streams and, when a profiler trace was imported
 * (kineto.ts `pairPieces`), the measured pieces on the rows above it, on one µs axis starting at
 * each pair's first piece. For `pipescope overlap --format svg` and the app's profiler view.
 * Same rules as svgExport: deterministic, escaped, no external references, 3-decimal numbers.
 */
import type { ChunkResult, PieceSpan } from '../engine/overlap/index.ts';
import { phaseOf } from '../engine/overlap/index.ts';
import { TimeScale } from '../render/scales.ts';
import { MUTED, PHASE_COLORS, attrs, axis, big, esc, num, svgHead, text, whiteBackground } from './svgParts.ts';

export interface PairSvgInput {
  /** the model's replay (engine `replayPair` / `runChunk`), µs */
  simulated: ChunkResult;
  /** measured pieces per stream, µs from the pair's first piece */
  measured?: { compute: PieceSpan[]; comm: PieceSpan[] };
  /** measured span, µs (default: last measured piece end) */
  measuredSpan?: number;
  title?: string;
  /** total width, px (default 1200) */
  width?: number;
}

const LEFT = 150;
const RIGHT = 16;
const TOP = 58;
const ROW = 26;
const BAR = 20;

interface Row {
  label: string;
  source: 'measured' | 'simulated';
  stream: string;
  pieces: PieceSpan[];
}

export function pairSvg(input: PairSvgInput): string {
  const width = input.width ?? 1200;
  if (!Number.isFinite(width) || width < 300 || width > 20000) throw new RangeError(`SVG width must be 300..20000 px; got ${width}`);
  const sim = input.simulated;
  const rows: Row[] = [];
  if (input.measured) {
    rows.push({ label: 'measured compute', source: 'measured', stream: 'compute', pieces: input.measured.compute });
    rows.push({ label: 'measured comm', source: 'measured', stream: 'comm', pieces: input.measured.comm });
  }
  rows.push({ label: 'model compute', source: 'simulated', stream: 'compute', pieces: sim.streams.compute });
  rows.push({ label: 'model comm', source: 'simulated', stream: 'comm', pieces: sim.streams.comm });
  if (sim.streams.pp.length) rows.push({ label: 'model PP send', source: 'simulated', stream: 'pp', pieces: sim.streams.pp });
  const measuredSpan =
    input.measuredSpan ?? Math.max(0, ...(input.measured ? [...input.measured.compute, ...input.measured.comm].map((p) => p.end) : []));
  const end = Math.max(sim.span, measuredSpan, 1e-9);
  const x = new TimeScale(0, end, LEFT, width - RIGHT);
  const chartBottom = TOP + rows.length * ROW;
  const height = chartBottom + 76;
  const layers = new Set(sim.streams.compute.map((p) => p.layer)).size;
  const title =
    input.title ??
    `${sim.kind === 'FB' ? 'Overlapped forward + backward pair' : `${sim.kind} chunk`} · ${layers} layer${layers === 1 ? '' : 's'}`;
  const out = [...svgHead(width, height, title), whiteBackground(width, height)];
  out.push(text(16, 24, title, { 'font-size': 15, 'font-weight': 'bold' }));
  out.push(
    text(16, 42, 'pieces per stream; colour = phase (forward, backward for input, backward for weights); comm pieces lighter', {
      fill: MUTED,
    }),
  );
  rows.forEach((row, i) => {
    const y = TOP + i * ROW;
    out.push(text(LEFT - 8, y + BAR / 2, row.label, { 'text-anchor': 'end', 'dominant-baseline': 'central' }));
    out.push(`<g class="row"${attrs({ 'data-source': row.source, 'data-stream': row.stream })}>`);
    for (const p of row.pieces) {
      const x0 = x.px(p.start);
      const w = Math.max(0.5, x.px(p.end) - x0);
      const phase = row.stream === 'pp' ? 'F' : phaseOf(p.piece);
      const a = {
        class: 'piece',
        x: x0,
        y,
        width: w,
        height: BAR,
        fill: PHASE_COLORS[phase],
        'fill-opacity': row.stream === 'compute' ? 0.9 : 0.55,
        stroke: '#ffffff',
        'stroke-width': 0.5,
      };
      const tip = `${row.label} · ${p.piece}${p.layer >= 0 ? ` · layer ${p.layer}` : ''} · ${big(p.end - p.start)} µs (${big(p.start)}–${big(p.end)})`;
      out.push(
        `<rect${attrs(a)}${attrs({ 'data-piece': p.piece, 'data-layer': String(p.layer), 'data-duration': num(p.end - p.start) })}><title>${esc(tip)}</title></rect>`,
      );
      const label = p.piece.replace(/\((.)\)$/, '$1');
      if (w > label.length * 5.5 + 4)
        out.push(text(x0 + w / 2, y + BAR / 2, label, { 'text-anchor': 'middle', 'dominant-baseline': 'central', 'font-size': 9 }));
    }
    out.push('</g>');
  });
  out.push(axis(x, chartBottom, 'µs'));
  const delta =
    measuredSpan > 0
      ? ` · measured span ${big(measuredSpan)} µs (model ${sim.span >= measuredSpan ? '+' : ''}${((sim.span / measuredSpan - 1) * 100).toFixed(1)}%)`
      : '';
  out.push(
    text(
      16,
      chartBottom + 58,
      `model span ${big(sim.span)} µs · exposed comm ${big(sim.exposedComm)} µs · compute busy ${big(sim.computeBusy)} µs${delta}`,
      { class: 'caption', fill: MUTED },
    ),
  );
  out.push('</svg>');
  return out.join('\n') + '\n';
}
