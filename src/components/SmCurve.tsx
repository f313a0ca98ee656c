/**
 * A small makespan-vs-comm-SMs curve under the SM slider: the swept quantity at every split, the
 * optimum marked (with a button that applies it) and the current split. Says what was swept —
 * the whole schedule, or only the F&B pair when the schedule is too large to sweep here.
 */
import { useAppStore } from '../hooks/useAppStore.ts';
import { useSmCurve } from '../hooks/useSmCurve.ts';
import { MICROSECONDS_AS_MS, formatTime } from '../render/scales.ts';
import type { Params } from '../store/params.ts';

const W = 212;
const H = 56;
const PAD = 4;

export function SmCurve({ params, builtIn }: { params: Params; builtIn: boolean }) {
  const setField = useAppStore((s) => s.setField);
  const { curve, pending, tooMany, error } = useSmCurve(params, builtIn);
  const kind = curve.kind;
  const why = pending
    ? ' — sweeping the whole schedule…'
    : tooMany !== null
      ? ` (the schedule's ${tooMany.toLocaleString('en-US')} ops are too many to sweep here; the pair sets every op's cost)`
      : error
        ? ` (the schedule could not be swept: ${error})`
        : !builtIn
          ? ' (an imported order is swept as its pair)'
          : '';
  const what = kind === 'schedule' ? 'makespan of the whole schedule vs comm SMs' : `F&B pair span vs comm SMs${why}`;
  const t = (us: number) => formatTime(us, MICROSECONDS_AS_MS);
  const { points, bestCommSms, bestSpan } = curve.sweep;
  const s0 = points[0].commSms;
  const s1 = points[points.length - 1].commSms;
  const lo = Math.min(...points.map((p) => p.span));
  // up to twice the optimum: the valley stays readable when too many comm SMs starve compute
  // (the tail, off the top, is clipped)
  const hi = Math.min(Math.max(...points.map((p) => p.span)), 2 * lo);
  const px = (s: number) => PAD + ((s - s0) / Math.max(1, s1 - s0)) * (W - 2 * PAD);
  const py = (v: number) => H - PAD - ((Math.min(v, hi) - lo) / Math.max(1e-9, hi - lo)) * (H - 2 * PAD);
  const d = points.map((p, k) => `${k ? 'L' : 'M'}${px(p.commSms).toFixed(1)},${py(p.span).toFixed(1)}`).join('');
  const now = points.find((p) => p.commSms === params.commSms);
  return (
    <div className="sm-curve" data-testid="sm-curve" data-kind={pending ? 'pending' : kind} data-best={bestCommSms}>
      <div className="sm-what">{what}</div>
      <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${what}: lowest ${t(lo)} at ${bestCommSms} SMs`}>
        <path className="sm-line" d={d} />
        {now ? <line className="sm-now" x1={px(now.commSms)} x2={px(now.commSms)} y1={PAD - 2} y2={H - PAD + 2} /> : null}
        <circle className="sm-best" cx={px(bestCommSms)} cy={py(bestSpan)} r={3.5} />
      </svg>
      <div className="sm-values small">
        <span>
          best {bestCommSms} SMs: <span data-best-value>{t(bestSpan)}</span>
        </span>
        {now ? (
          <span className="muted">
            {' '}
            · at {now.commSms}: {t(now.span)}
          </span>
        ) : null}
        {bestCommSms !== params.commSms ? (
          <button type="button" className="sm-use" onClick={() => setField('commSms', String(bestCommSms), true)}>
            use {bestCommSms}
          </button>
        ) : null}
      </div>
    </div>
  );
}
