/**
 * The Explore page (docs/explore.md §4): the sweep's inputs on the left; the run bar, the cost
 * basis, the scatter with its Pareto frontier, the filters, the frontier table and the combinations
 * that do not run on the right. Rows are computed by the controller's web workers and stream in;
 * this page derives what to draw from them (pipeline/explorePlot.ts) once per update.
 */
import { useDeferredValue, useEffect, useMemo } from 'react';
import { appHook } from '../../app/appHook.ts';
import { useAppStore, useStoreApi } from '../../hooks/useAppStore.ts';
import { explorePlot, type PlotPoint } from '../../pipeline/explorePlot.ts';
import type { SweepRow } from '../../pipeline/sweep.ts';
import type { ThemeName } from '../../render/palette.ts';
import { ExploreForm } from './ExploreForm.tsx';
import { Filters, FrontierTable, InvalidList } from './ExploreTables.tsx';
import { gpuPreset, modelSetup } from '../../model/index.ts';
import { openInGantt, openModelInGantt } from './open.ts';
import { ParetoChart } from './ParetoChart.tsx';
import { RunBar } from './RunBar.tsx';
import type { ExploreRun } from './controller.ts';
import { useExploreController, useExploreRun } from './useExploreRun.ts';
import './explore.css';

function ModelBasis({ model }: { model: NonNullable<ExploreRun['model']> }) {
  const gpu = gpuPreset(model.gpu);
  return (
    <p className="ex-basis" data-testid="explore-basis">
      <strong>Cost basis: the model.</strong> For each P the planner lays out {modelSetup(model.setup).label} (its other parallel sizes,
      batch and layout as the setup gives them) on {gpu.name} GPUs ({gpu.hbmGB} GB HBM) at MFU {Math.round(model.mfu * 1000) / 10} % while
      computing: per-stage F, I and W in µs and activation bytes. Step time is the pipeline&apos;s forward and backward for one step (no
      optimizer step or gradient reduction); memory is the most loaded rank&apos;s weights, gradients, optimizer state and peak activations.
      A layout string fixes the stage count, so a P it does not fit cannot be laid out.
    </p>
  );
}

function CostBasis({ unit, costs }: { unit: string; costs: string }) {
  return (
    <p className="ex-basis" data-testid="explore-basis">
      <strong>Cost basis: per stage.</strong> Every schedule runs with the same op costs for one stage ({costs}, {unit}); memory is in A,
      one micro-batch through one model part. On this basis a stage costs the same whatever its share of the model, so v stages per rank
      (interleaved, ZB-V and the other V shapes) give a rank v times the work of 1F1B, GPipe or DualPipe, and more ranks mean a larger
      model: compare configurations of equal P and v, or read both axes per stage.
    </p>
  );
}

export function ExplorePage({ theme }: { theme: ThemeName }) {
  const store = useStoreApi();
  const controller = useExploreController();
  const live = useExploreRun();
  // the run bar follows every update; the chart and the tables render after it, in React's
  // interruptible pass, so a streamed batch never blocks the page for a long task
  const run = useDeferredValue(live);
  const hidden = useAppStore((s) => s.explore.hidden);
  const frontierOnly = useAppStore((s) => s.explore.frontierOnly);
  const validOnly = useAppStore((s) => s.explore.validOnly);
  const y = useAppStore((s) => s.explore.y);
  const gpu = run.model ? gpuPreset(run.model.gpu) : null;
  const plot = useMemo(
    () => explorePlot(run.rows, { hidden, frontierOnly, validOnly, y }, run.costUnit, gpu ? { hbmGB: gpu.hbmGB, gpuName: gpu.name } : null),
    // the rows array is filled in place: its version says when it changed
    [run.version, run.rows, hidden, frontierOnly, validOnly, y, run.costUnit, gpu],
  );
  useEffect(() => {
    controller.schedule();
    const hook = appHook();
    if (hook) hook.ready = true;
    document.documentElement.dataset.ready = 'true';
  }, [controller]);
  const openRow = (row: SweepRow) => (run.model ? void openModelInGantt(store, row, run.model) : openInGantt(store, row));
  const open = (p: PlotPoint) => openRow(p.row);
  const c = run.costs;
  const costs = `F ${c.F ?? 1}, I ${c.I ?? 1}, W ${c.W ?? 1}${c.B !== undefined ? `, B ${c.B}` : ''}${c.FB !== undefined ? `, F&B ${c.FB}` : ''}, comm ${c.comm ?? 0}`;
  return (
    <div className="explore-page">
      <aside className="ex-side params" aria-label="Sweep inputs">
        <ExploreForm theme={theme} />
      </aside>
      <main className="ex-main" aria-label="Design space">
        <RunBar run={live} plot={plot} />
        {run.model ? <ModelBasis model={run.model} /> : <CostBasis unit={run.costUnit === 'us' ? 'µs' : 'cost units'} costs={costs} />}
        <Filters plot={plot} rows={run.rows} theme={theme} />
        <ParetoChart plot={plot} theme={theme} onOpen={open} />
        <FrontierTable plot={plot} onOpen={open} />
        <InvalidList plot={plot} validOnly={validOnly} onOpen={openRow} />
      </main>
    </div>
  );
}
