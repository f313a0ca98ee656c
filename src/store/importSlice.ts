/**
 * Imported files (docs/interop.md §2, §4): an imported custom schedule, an imported profiler trace, the file
 * being read and the last import problem. What is kept is the imported *input* — the custom op
 * order as torch `compute_only` CSV text, the profiler's per-stream segments — never what is
 * derived from it: the timeline, layout and the measured pair's replay are recomputed from these
 * (hooks/useTimeline.ts, components/interop/ProfileView.tsx), like everything else from `params`.
 *
 * A custom schedule replaces the built-in one in the main chart while it is set; `params` keep
 * the last built-in parameters (and still supply the costs). Links cannot carry a file, so the
 * URL keeps the built-in parameters plus `source=import` (store/index.ts `urlOf`), and a reload
 * explains that it shows the built-in view (store/url.ts).
 */
import type { KinetoProfile } from '../interop/index.ts';
import type { SliceCreator } from './types.ts';

export interface CustomSchedule {
  /** name of the imported file, shown as text ("custom schedule from FILE") */
  fileName: string;
  /** the per-rank op order as a torch compute_only CSV (interop exportTorchCsv) */
  csv: string;
}

export interface ImportedProfile {
  fileName: string;
  profile: KinetoProfile;
}

export interface ImportProblem {
  fileName: string;
  /** one sentence (interop ImportError); rendered as text, never as markup */
  message: string;
}

export interface ImportSlice {
  custom: CustomSchedule | null;
  profile: ImportedProfile | null;
  /** name of the file being read and parsed, null when idle */
  importing: string | null;
  importProblem: ImportProblem | null;
  /** draw an imported op order instead of the built-in schedule; resets zoom and highlight */
  showCustom: (custom: CustomSchedule) => void;
  /** back to the built-in schedule of `params` */
  clearCustom: () => void;
  showProfile: (profile: ImportedProfile | null) => void;
  setImporting: (fileName: string | null) => void;
  reportImportProblem: (problem: ImportProblem | null) => void;
}

/** zoom window and op references of the old layout mean nothing in a new one */
const FRESH_VIEW = { domain: null, selectedMb: null, hover: null, cursor: null } as const;

export const createImportSlice: SliceCreator<ImportSlice> = (set, get) => ({
  custom: null,
  profile: null,
  importing: null,
  importProblem: null,
  showCustom: (custom) => set({ custom: { ...custom }, importProblem: null, ...FRESH_VIEW }),
  clearCustom: () => {
    if (get().custom !== null) set({ custom: null, ...FRESH_VIEW });
  },
  showProfile: (profile) => set(profile ? { profile, importProblem: null } : { profile: null }),
  setImporting: (importing) => set({ importing }),
  reportImportProblem: (importProblem) => set({ importProblem }),
});
