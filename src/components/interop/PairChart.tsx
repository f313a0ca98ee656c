/**
 * The measured F&B pair of an imported profiler trace beside the overlap model's replay of the
 * same piece durations (interop/kineto.ts `pairPieces`): four rows — measured compute and comm
 * streams, model compute and comm — on one µs axis from each pair's first piece. React draws the
 * SVG; d3 only supplies the scale and ticks. Same data as interop `pairSvg` (the download).
 */
import { scaleLinear } from 'd3';
import type { PieceSpan } from '../../engine/overlap/index.ts';
import type { MeasuredPair } from '../../interop/index.ts';
import { pieceFill, textOn, type Palette } from '../../render/palette.ts';
import { fmtUs } from './format.ts';

const LEFT = 118;
const RIGHT = 16;
const TOP = 8;
const ROW = 26;
const BAR = 20;
const AXIS = 30;

interface Row {
  label: string;
  source: 'measured' | 'model';
  stream: 'compute' | 'comm';
  pieces: PieceSpan[];
}

/** Colour key of the pieces (render/palette.ts pieceFill: mlp pieces are the darker shade). */
export function PairLegend({ palette }: { palette: Palette }) {
  const items: [string, string][] = [
    ['forward (attn; mlp darker)', pieceFill(palette, 'attn(F)', 0)],
    ['backward for input', pieceFill(palette, 'attn(B)', 0)],
    ['backward for weights', pieceFill(palette, 'attn(W)', 0)],
    ['dispatch', palette.dispatch],
    ['combine', palette.combine],
  ];
  return (
    <ul className="legend pair-legend" aria-label="Piece colours">
      {items.map(([label, fill]) => (
        <li key={label}>
          <span className="swatch-box" style={{ background: fill }} aria-hidden="true" />
          {label}
        </li>
      ))}
    </ul>
  );
}

export function PairChart({ pair, palette, width }: { pair: MeasuredPair; palette: Palette; width: number }) {
  const rows: Row[] = [
    { label: 'measured compute', source: 'measured', stream: 'compute', pieces: pair.measured.compute },
    { label: 'measured comm', source: 'measured', stream: 'comm', pieces: pair.measured.comm },
    { label: 'model compute', source: 'model', stream: 'compute', pieces: pair.simulated.streams.compute },
    { label: 'model comm', source: 'model', stream: 'comm', pieces: pair.simulated.streams.comm },
  ];
  const w = Math.max(LEFT + RIGHT + 100, width);
  const end = Math.max(pair.span, pair.simulated.span, 1e-9);
  const x = scaleLinear()
    .domain([0, end])
    .range([LEFT, w - RIGHT]);
  const bottom = TOP + rows.length * ROW;
  const ticks = x.ticks(Math.max(2, Math.floor((w - LEFT) / 90)));
  return (
    <svg
      className="pair-chart"
      data-testid="pair-chart"
      width={w}
      height={bottom + AXIS}
      role="img"
      aria-label={`Measured F&B pair (${fmtUs(pair.span)} µs) and the model's replay (${fmtUs(pair.simulated.span)} µs)`}
    >
      {rows.map((row, i) => {
        const y = TOP + i * ROW;
        return (
          <g key={row.label} data-source={row.source} data-stream={row.stream}>
            <text className="pair-row-label" x={LEFT - 8} y={y + BAR / 2} textAnchor="end" dominantBaseline="central">
              {row.label}
            </text>
            {row.pieces.map((p) => {
              const x0 = x(p.start);
              const pw = Math.max(0.5, x(p.end) - x0);
              const fill = pieceFill(palette, p.piece, 0);
              const label = p.piece.replace(/\((.)\)$/, '$1');
              return (
                <g
                  key={`${p.piece}-${p.layer}`}
                  className="piece"
                  data-piece={p.piece}
                  data-layer={p.layer}
                  data-duration={fmtUs(p.end - p.start)}
                >
                  <rect x={x0} y={y} width={pw} height={BAR} fill={fill} stroke={palette.background} strokeWidth={0.5}>
                    <title>{`${row.label} · ${p.piece} · layer ${p.layer} · ${fmtUs(p.end - p.start)} µs (${fmtUs(p.start)}–${fmtUs(p.end)})`}</title>
                  </rect>
                  {pw > label.length * 5.6 + 4 ? (
                    <text
                      className="piece-label"
                      x={x0 + pw / 2}
                      y={y + BAR / 2}
                      textAnchor="middle"
                      dominantBaseline="central"
                      fill={textOn(fill)}
                    >
                      {label}
                    </text>
                  ) : null}
                </g>
              );
            })}
          </g>
        );
      })}
      <g className="time-axis" transform={`translate(0,${bottom + 2})`}>
        <line className="axis-line" x1={LEFT} x2={w - RIGHT} y1={0.5} y2={0.5} />
        {ticks.map((t) => (
          <g key={t} transform={`translate(${Math.round(x(t)) + 0.5},0)`}>
            <line className="axis-line" y1={0} y2={5} />
            <text y={17} textAnchor="middle">
              {fmtUs(t)}
            </text>
          </g>
        ))}
        <text className="axis-title" x={LEFT - 8} y={17} textAnchor="end">
          µs
        </text>
      </g>
    </svg>
  );
}
