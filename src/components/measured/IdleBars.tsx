/**
 * Where each rank's time went over the measured step (src/measured idle.ts, compare.ts idleBars):
 * computing, waiting for a RECV from another rank — its input was not there yet, split by the rank
 * it waited for — and no work scheduled (the runtime's bookkeeping between actions, the time after
 * the last op). One stacked bar per rank, the makespan wide, with the numbers in ms beside it.
 * Colours: Okabe & Ito's set (distinguishable under colour-vision deficiencies).
 */
import { idleBars, type IdlePart, type TraceAnalysis } from '../../measured/index.ts';
import { MICROSECONDS_AS_MS, formatTime } from '../../render/scales.ts';

const BUSY = '#8a8f98';
const FROM_PREVIOUS = '#0072B2';
const FROM_NEXT = '#D55E00';
const FROM_OTHER = '#CC79A7';

const ms = (x: number) => formatTime(x * 1000, MICROSECONDS_AS_MS);

function waitColour(rank: number, peer: number, P: number): string {
  if (peer === (rank + P - 1) % P) return FROM_PREVIOUS;
  if (peer === (rank + 1) % P) return FROM_NEXT;
  return FROM_OTHER;
}

function partText(p: IdlePart): string {
  if (p.kind === 'waiting') return `waiting on a RECV from r${p.peer}`;
  return p.kind === 'busy' ? 'computing' : 'no work scheduled';
}

export function IdleBars({ a }: { a: TraceAnalysis }) {
  const bars = idleBars(a);
  const P = a.run.ranks;
  const total = a.run.makespan / 1000;
  return (
    <section className="measured-card idle-card" aria-labelledby="idle-title" data-testid="idle-bars">
      <h3 id="idle-title">Where each rank’s time went</h3>
      <ul className="legend idle-legend" aria-label="Colour key">
        <li>
          <span className="key" style={{ background: BUSY }} /> computing
        </li>
        <li>
          <span className="key" style={{ background: FROM_PREVIOUS }} /> waiting on a RECV from r−1
        </li>
        <li>
          <span className="key" style={{ background: FROM_NEXT }} /> waiting on a RECV from r+1
        </li>
        {P > 3 ? (
          <li>
            <span className="key" style={{ background: FROM_OTHER }} /> from another rank
          </li>
        ) : null}
        <li>
          <span className="key no-work" /> no work scheduled
        </li>
      </ul>
      <table className="idle-table">
        <tbody>
          {bars.map((parts, r) => {
            const waiting = parts.filter((p) => p.kind === 'waiting');
            const waitMs = waiting.reduce((t, p) => t + p.ms, 0);
            const none = parts[parts.length - 1].ms;
            const busy = parts[0].ms;
            let left = 0;
            return (
              <tr key={r} data-rank={r}>
                <th scope="row">r{r}</th>
                <td>
                  <svg
                    className="idle-bar"
                    viewBox={`0 0 ${Math.max(total, 1e-9)} 1`}
                    preserveAspectRatio="none"
                    role="img"
                    aria-label={parts.map((p) => `${partText(p)} ${ms(p.ms)}`).join(', ')}
                  >
                    {parts.map((p, k) => {
                      const x = left;
                      left += p.ms;
                      const fill = p.kind === 'busy' ? BUSY : p.kind === 'waiting' ? waitColour(r, p.peer, P) : undefined;
                      return (
                        <rect
                          key={k}
                          className={fill ? undefined : 'idle-none'}
                          x={x}
                          y={0}
                          width={Math.max(0, p.ms)}
                          height={1}
                          fill={fill}
                          data-part={p.kind === 'waiting' ? `waiting r${p.peer}` : p.kind}
                        >
                          <title>{`${partText(p)}: ${ms(p.ms)} (${((100 * p.ms) / total).toFixed(1)}%)`}</title>
                        </rect>
                      );
                    })}
                  </svg>
                  <div className="idle-numbers" data-testid={`idle-r${r}`}>
                    computing {ms(busy)} · waiting {ms(waitMs)}
                    {waiting.length ? (
                      <span className="muted">
                        {' '}
                        (on {waiting.map((p) => `r${p.kind === 'waiting' ? p.peer : ''} ${ms(p.ms)}`).join(', ')})
                      </span>
                    ) : null}{' '}
                    · no work {ms(none)}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
