/**
 * "Which schedule fits" (docs/model.md §8.4): every schedule on the model's setup, ranked by step
 * time (tokens/s per GPU, MFU and bubble in each name's tooltip: for one setup they follow the step),
 * computed in a worker with its progress and a Cancel button. A schedule over the GPU's HBM says by
 * how many GB; one that does not run says why. One click on a schedule draws it in the chart with the
 * model's costs.
 */
import { useAppStore } from '../../hooks/useAppStore.ts';
import { useModelFits } from '../../hooks/useModelFits.ts';
import { gpuPreset } from '../../model/index.ts';
import { SCHEDULE_LABELS } from '../../store/params.ts';

const gb = (bytes: number) => `${(bytes / 1e9).toFixed(1)} GB`;

export function FitsTable({ active }: { active: boolean }) {
  const model = useAppStore((s) => s.model);
  const drawn = useAppStore((s) => (s.costsFrom === 'model' ? s.model.schedule : null));
  const openFit = useAppStore((s) => s.openFit);
  const fits = useModelFits(model, active);
  const gpu = gpuPreset(model.gpu);
  const best = fits.status === 'done' ? fits.rows.find((r) => r.valid && r.fits) : undefined;
  return (
    <section className="fits" aria-labelledby="fits-title" data-testid="fits" data-state={fits.status}>
      <h3 id="fits-title">Which schedule fits</h3>
      <p className="hint">
        {gpu.name}, {gpu.hbmGB} GB HBM; M = {model.microbatches} micro-batches; ranked by step time. Click a schedule to draw it.
      </p>
      <div className="fits-progress" aria-live="polite">
        <progress max={fits.total} value={fits.done} aria-label="schedules done" />
        <span data-testid="fits-progress">
          {fits.done} of {fits.total}
          {fits.status === 'running' ? ' …' : fits.status === 'cancelled' ? ' (cancelled)' : ''}
        </span>
        {fits.status === 'running' ? (
          <button type="button" onClick={fits.cancel}>
            Cancel
          </button>
        ) : fits.status === 'cancelled' || fits.status === 'error' ? (
          <button type="button" onClick={fits.restart}>
            Run again
          </button>
        ) : null}
      </div>
      {fits.error ? (
        <p className="error" role="alert">
          {fits.error}
        </p>
      ) : null}
      {best ? (
        <p className="fits-best" data-testid="fits-best">
          Fastest that fits: <strong>{SCHEDULE_LABELS[best.schedule]}</strong>, {(best.stepMs! / 1e3).toFixed(2)} s per step,{' '}
          {Math.round(best.tokensPerSecondPerGpu!).toLocaleString('en-US')} tokens/s per GPU
        </p>
      ) : fits.status === 'done' ? (
        <p className="fits-best" data-testid="fits-best">
          No schedule fits in {gpu.hbmGB} GB.
        </p>
      ) : null}
      <table>
        <thead>
          <tr>
            <th scope="col">schedule</th>
            <th scope="col">step</th>
            <th scope="col">peak memory</th>
          </tr>
        </thead>
        <tbody>
          {fits.rows.map((r) =>
            r.valid ? (
              <tr key={r.schedule} data-schedule={r.schedule} data-fits={r.fits} aria-current={drawn === r.schedule ? 'true' : undefined}>
                <th scope="row">
                  <button
                    type="button"
                    className="link"
                    onClick={() => openFit(r.schedule)}
                    title={`${SCHEDULE_LABELS[r.schedule]}: ${Math.round(r.tokensPerSecondPerGpu!).toLocaleString('en-US')} tokens/s per GPU, MFU ${(100 * r.mfu!).toFixed(1)}%, bubble ${(100 * r.bubbleRatio!).toFixed(1)}%; ${r.layout?.note ?? ''}`}
                  >
                    {r.schedule}
                  </button>
                </th>
                <td>{(r.stepMs! / 1e3).toFixed(2)} s</td>
                <td className={r.fits ? 'fits-yes' : 'fits-over'}>
                  {gb(r.peakBytes!)}
                  {r.fits ? '' : `, over by ${(r.overHbmBytes! / 1e9).toFixed(1)}`}
                </td>
              </tr>
            ) : (
              <tr key={r.schedule} data-schedule={r.schedule} data-valid="false">
                <th scope="row" colSpan={3} title={SCHEDULE_LABELS[r.schedule]}>
                  {r.schedule}
                  <span className="fits-reason">{r.reason}</span>
                </th>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </section>
  );
}
