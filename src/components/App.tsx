/**
 * The page: reads schedule, ranks, micro-batches (and stages per rank) from the URL, runs the
 * engine and shows the timeline with its metrics. Invalid parameters show the engine's reason
 * instead of a chart; nothing throws past this component.
 */
import { useMemo } from 'react';
import { computeMetrics } from '../engine/metrics.ts';
import { resolveCosts } from '../engine/costs.ts';
import { buildSchedule } from '../engine/schedules/index.ts';
import { simulate } from '../engine/simulate.ts';
import type { ScheduleName } from '../engine/types.ts';
import { layoutTimeline } from '../render/layout.ts';
import { ScheduleChart } from './ScheduleChart.tsx';

function readParams(search: string) {
  const q = new URLSearchParams(search);
  const int = (key: string, fallback: number) => (q.has(key) ? Number(q.get(key)) : fallback);
  return {
    schedule: (q.get('schedule') ?? 'dualpipe') as ScheduleName,
    ranks: int('ranks', 8),
    microbatches: int('microbatches', 20),
    stagesPerRank: q.has('stagesPerRank') ? Number(q.get('stagesPerRank')) : undefined,
  };
}

export function App() {
  const params = readParams(window.location.search);
  const result = useMemo(() => {
    try {
      const costs = resolveCosts();
      const timeline = simulate(buildSchedule(params, costs), costs);
      return { layout: layoutTimeline(timeline), metrics: computeMetrics(timeline) };
    } catch (e) {
      return { error: (e as Error).message };
    }
    // the URL is read once per page load
  }, []);
  return (
    <main className="app">
      <header>
        <h1>pipescope</h1>
        <p className="subtitle">
          {params.schedule} · P={params.ranks} · M={params.microbatches}
        </p>
      </header>
      {'error' in result ? (
        <p role="alert" className="error">
          {result.error}
        </p>
      ) : (
        <>
          <ScheduleChart layout={result.layout!} width={1200} />
          <p className="metrics" data-testid="metrics">
            makespan {result.metrics!.makespan} · max bubble {Math.max(...result.metrics!.bubble)} · peak activations{' '}
            {Math.max(...result.metrics!.peakActivations)}
          </p>
        </>
      )}
    </main>
  );
}
