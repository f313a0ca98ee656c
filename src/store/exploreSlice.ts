/**
 * The Explore page's inputs (pipeline/exploreInputs.ts): `explore` holds the last valid inputs (what
 * the sweep runs), `exploreDrafts` the text of the typed lists as shown, possibly invalid — the page
 * re-validates a draft for its message. The sweep's rows are derived data and live outside the store
 * (components/explore/controller.ts).
 */
import type { ScheduleName } from '../engine/index.ts';
import {
  exploreDraftsOf,
  orderSchedules,
  parseExploreList,
  type ExploreDrafts,
  type ExploreInputs,
  type ExploreListKey,
} from '../pipeline/exploreInputs.ts';
import { setupInputs } from './modelInputs.ts';
import type { SliceCreator } from './types.ts';

export interface ExploreSlice {
  explore: ExploreInputs;
  exploreDrafts: ExploreDrafts;
  /** edit a typed list; a valid list applies at once, an invalid one keeps the last valid values */
  setExploreList: (key: ExploreListKey, raw: string) => void;
  /** include a schedule in the sweep or leave it out */
  toggleExploreSchedule: (name: ScheduleName, on: boolean) => void;
  /** view: show or hide a swept schedule; frontier only; valid rows only; the y axis */
  setExploreFilter: (patch: Partial<Pick<ExploreInputs, 'hidden' | 'frontierOnly' | 'validOnly' | 'y'>>) => void;
  /** the cost source and its model: a new setup brings its own GPU and MFU (as the Model panel's setup does) */
  setExploreModel: (patch: Partial<Pick<ExploreInputs, 'source' | 'setup' | 'gpu' | 'mfu'>>) => void;
}

export const createExploreSlice =
  (initial: ExploreInputs): SliceCreator<ExploreSlice> =>
  (set, get) => ({
    explore: initial,
    exploreDrafts: exploreDraftsOf(initial),
    setExploreList: (key, raw) => {
      const drafts = { ...get().exploreDrafts, [key]: raw };
      const r = parseExploreList(key, raw);
      const cur = get().explore;
      const same = r.ok && r.values.length === cur[key].length && r.values.every((v, i) => v === cur[key][i]);
      set(r.ok && !same ? { exploreDrafts: drafts, explore: { ...cur, [key]: r.values } } : { exploreDrafts: drafts });
    },
    toggleExploreSchedule: (name, on) => {
      const cur = get().explore;
      const schedules = on ? orderSchedules([...cur.schedules, name]) : cur.schedules.filter((s) => s !== name);
      set({ explore: { ...cur, schedules, hidden: cur.hidden.filter((s) => schedules.includes(s)) } });
    },
    setExploreFilter: (patch) => {
      const cur = get().explore;
      const hidden = patch.hidden ? orderSchedules(patch.hidden).filter((s) => cur.schedules.includes(s)) : cur.hidden;
      set({ explore: { ...cur, ...patch, hidden } });
    },
    setExploreModel: (patch) => {
      const cur = get().explore;
      const own = patch.setup !== undefined && patch.setup !== cur.setup ? setupInputs(patch.setup) : null;
      const next = { ...cur, ...(own ? { gpu: own.gpu, mfu: own.mfu } : {}), ...patch };
      if (EXPLORE_MODEL_KEYS.every((k) => next[k] === cur[k])) return;
      set({ explore: next });
    },
  });

const EXPLORE_MODEL_KEYS = ['source', 'setup', 'gpu', 'mfu'] as const;
