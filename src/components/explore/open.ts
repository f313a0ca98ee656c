/**
 * Opening a sweep's configuration as its Gantt chart: the schedule page with that schedule, P, M and
 * v, the costs the sweep used (the schedule page's own) and the plain cost mode the sweep ran in —
 * one committed change, so Back returns to the Explore page. A memory limit is not a parameter of
 * the schedule page: a notice says the default limit is drawn.
 */
import type { SweepRow } from '../../pipeline/sweep.ts';
import type { AppStore } from '../../store/index.ts';
import { TAKES_V } from '../../store/params.ts';

export function openInGantt(store: AppStore, row: SweepRow): void {
  const s = store.getState();
  const next = {
    ...s.params,
    schedule: row.schedule,
    ranks: row.ranks,
    microbatches: row.microbatches,
    stagesPerRank: TAKES_V.has(row.schedule) ? row.stagesPerRank : s.params.stagesPerRank,
    detailed: false,
    compare: null,
  };
  // the page first, without a commit of its own: applyParams commits both as one history entry
  store.setState({ page: 'schedule' });
  s.applyParams(next);
  if (row.memLimit !== null)
    s.notify(`The schedule page draws ${row.schedule} with its default memory limit (the sweep's point had ${row.memLimit}).`);
}
