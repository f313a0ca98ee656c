/**
 * One row per method: SQNR (dB), relative L2 error, max |x̂ − x|, and the flushed and saturated
 * shares (docs/fp8.md §4: energy-weighted SQNR hides small values, so the two fractions sit beside it).
 * With the non-saturating cast the last column counts the elements that became NaN/Inf.
 */
import { memo } from 'react';
import type { OverflowMode } from '../../fp8/index.ts';
import { METHOD_LABELS } from '../../fp8panel/inputs.ts';
import type { MethodResult } from '../../fp8panel/protocol.ts';
import { db, num, pct, pctNum } from './format.ts';
import { methodColor } from './useColors.ts';

interface Col {
  id: string;
  label: string;
  title: string;
  value: (m: MethodResult) => string;
}

export const MetricsTable = memo(function MetricsTable({
  methods,
  overflow,
  stale,
}: {
  methods: MethodResult[];
  overflow: OverflowMode;
  stale: boolean;
}) {
  const cols: Col[] = [
    { id: 'sqnr_db', label: 'SQNR dB', title: 'SQNR in dB: 10·log10(Σx² / Σ(x̂−x)²)', value: (m) => db(m.metrics.sqnr_db) },
    { id: 'rel_err_l2', label: 'rel L2 %', title: 'relative L2 error ‖x̂−x‖₂ / ‖x‖₂, in %', value: (m) => pctNum(m.metrics.rel_err_l2) },
    { id: 'max_abs_err', label: 'max err', title: 'max |x̂−x|, in the units of x', value: (m) => num(m.metrics.max_abs_err) },
    {
      id: 'frac_flushed_to_zero',
      label: 'flush %',
      title: 'flushed to zero: share of elements with x ≠ 0 and x̂ = 0, in %',
      value: (m) => pctNum(m.metrics.frac_flushed_to_zero),
    },
    overflow === 'saturate'
      ? {
          id: 'frac_overflow_saturated',
          label: 'sat %',
          title: 'saturated: share of elements the cast clamped to ±max (|y| > 464 E4M3, ≥ 61440 E5M2), in %',
          value: (m) => pctNum(m.metrics.frac_overflow_saturated),
        }
      : {
          id: 'frac_overflow_saturated',
          label: 'NaN/Inf %',
          title: 'share of elements the non-saturating cast turned into NaN (E4M3) or ±Inf (E5M2), in %',
          value: (m) => pctNum(m.metrics.frac_overflow_saturated),
        },
  ];
  const nanOut = methods.some((m) => m.metrics.frac_nan_out > 0);
  return (
    <div className={`fp8-table-wrap${stale ? ' fp8-stale' : ''}`}>
      <table className="fp8-metrics" data-testid="fp8-metrics">
        <thead>
          <tr>
            <th scope="col">method</th>
            {cols.map((c) => (
              <th scope="col" key={c.id} title={c.title}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {methods.map((m) => (
            <tr key={m.method} data-method={m.method}>
              <th scope="row" title={m.method}>
                <span className="fp8-swatch" style={{ background: methodColor(m.method) }} aria-hidden="true" />
                {METHOD_LABELS[m.method]}
                {m.format === 'e5m2' ? <span className="muted"> E5M2</span> : null}
              </th>
              {cols.map((c) => (
                <td key={c.id} data-metric={c.id}>
                  {c.value(m)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {nanOut ? (
        <p className="fp8-note">
          NaN outputs from finite inputs:{' '}
          {methods
            .filter((m) => m.metrics.frac_nan_out > 0)
            .map((m) => `${METHOD_LABELS[m.method]} ${pct(m.metrics.frac_nan_out)}`)
            .join(', ')}
          .
        </p>
      ) : null}
    </div>
  );
});
