/**
 * Per-piece durations of an imported F&B pair, µs: one row per piece (compute pieces, then the
 * all-to-all pieces), one column per layer step, measured as segment end − start on the trace's
 * streams (interop/kineto.ts). These are the durations the model replays.
 */
import { COMM_PIECES, COMPUTE_PIECES } from '../../engine/overlap/index.ts';
import type { MeasuredPair } from '../../interop/index.ts';
import { fmtUs } from './format.ts';

export function PieceTable({ pair }: { pair: MeasuredPair }) {
  const layers = pair.pieces.layers;
  const rows = [...COMPUTE_PIECES.map((p) => [p, 'compute'] as const), ...COMM_PIECES.map((p) => [p, 'comm'] as const)];
  return (
    <table className="piece-table" data-testid="piece-table">
      <caption>Measured piece durations (µs) per layer step</caption>
      <thead>
        <tr>
          <th scope="col">piece</th>
          <th scope="col">stream</th>
          {layers.map((_, l) => (
            <th key={l} scope="col">
              layer {l}
            </th>
          ))}
          <th scope="col">total</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([piece, stream]) => (
          <tr key={piece} data-piece={piece}>
            <th scope="row">{piece}</th>
            <td className="muted">{stream}</td>
            {layers.map((l, i) => (
              <td key={i} data-layer={i}>
                {fmtUs(l[piece])}
              </td>
            ))}
            <td>{fmtUs(layers.reduce((s, l) => s + l[piece], 0))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
