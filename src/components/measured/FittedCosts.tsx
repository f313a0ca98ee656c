/**
 * The costs fitted from the measured step (src/measured fit.ts): per stage and op kind, the median
 * compute time with the min–max of its samples, the comm latency and the runtime's gap between
 * actions; "Export fitted costs" saves the costs file `pipescope schedule --costs-file` reads
 * (compare.ts fittedCostsFile, the CLI report's `fitted.costs`). Values µs, shown in ms.
 */
import { downloadText } from '../../app/download.ts';
import { FIT_KINDS, fittedCostsFile, type Spread, type TraceAnalysis } from '../../measured/index.ts';

const NUM = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });
const msNum = (us: number) => NUM.format(us / 1000);

function SpreadCell({ s }: { s: Spread | null | undefined }) {
  if (!s) return <td className="muted">—</td>;
  return (
    <td title={`median of ${s.n} samples; quartiles ${msNum(s.q1)}–${msNum(s.q3)} ms`}>
      <span className="median">{msNum(s.median)}</span>
      <span className="spread">
        {msNum(s.min)}–{msNum(s.max)}
      </span>
    </td>
  );
}

export function costsFileName(a: TraceAnalysis): string {
  const name = a.recognized.schedule ?? 'measured';
  return `${name}-p${a.run.ranks}-m${a.run.microbatches}-fitted-costs.json`;
}

export function FittedCosts({ a }: { a: TraceAnalysis }) {
  const { fitted, run } = a;
  const kinds = FIT_KINDS.filter((k) => fitted.spread[k]);
  const stageRank = run.order.topology.stageRank;
  const c = fitted.commSpread;
  const g = fitted.gapSpread;
  return (
    <section className="measured-card" aria-labelledby="fitted-title" data-testid="fitted-costs">
      <div className="card-head">
        <h3 id="fitted-title">Fitted costs per stage (ms)</h3>
        <button
          type="button"
          data-testid="export-costs"
          onClick={() => downloadText(`${JSON.stringify(fittedCostsFile(a), null, 2)}\n`, costsFileName(a), 'application/json')}
          title="A costs file (µs) for pipescope schedule --costs-file: one entry per stage for every kind all stages ran, and the comm latency"
        >
          Export fitted costs
        </button>
      </div>
      <p className="muted small">
        Median compute time (range end − compute start: a wait for the input is not counted) and the fastest–slowest sample.
      </p>
      <div className="table-scroll">
        <table className="costs-table">
          <thead>
            <tr>
              <th scope="col">stage</th>
              <th scope="col">rank</th>
              {kinds.map((k) => (
                <th scope="col" key={k}>
                  {k}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: run.stages }, (_, s) => (
              <tr key={s}>
                <th scope="row">s{s}</th>
                <td className="muted">r{stageRank[s]}</td>
                {kinds.map((k) => (
                  <SpreadCell key={k} s={fitted.spread[k]?.[s]} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="small" data-testid="fitted-comm">
        comm latency{' '}
        {c
          ? `${msNum(c.median)} ms (${msNum(c.min)}–${msNum(c.max)}, ${c.n} transfers, ${fitted.commFrom})`
          : '0 (no transfer with a waiting receiver)'}
        {g ? ` · runtime gap between actions ${msNum(g.median)} ms (${msNum(g.min)}–${msNum(g.max)}), which no op cost holds` : ''}
      </p>
    </section>
  );
}
