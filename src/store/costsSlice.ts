/**
 * Per-stage costs as a store action (docs/schedules.md §1.5): what fills the cost table from
 * elsewhere — a pasted spreadsheet, the "uneven layers" fill, a model configuration (the Model
 * panel) — goes through `setStageCosts`, which writes the table's draft text (the same validated
 * path as typing: store/stageTable.ts, store/validate.ts) and commits it as one history step.
 * `stageCostsSource` says where the table came from (shown beside it; not in the URL: the link
 * carries the values, not their origin). The table itself lives in params (`stageCosts`, `basis`).
 */
import type { CostBasis, CostsFile } from '../engine/index.ts';
import { formatTable } from './stageTable.ts';
import type { SliceCreator } from './types.ts';

export interface CostsSlice {
  /** where the current cost table came from ("pasted", "uneven layers", "model: DeepSeek-V3"…); null = typed or from a link */
  stageCostsSource: string | null;
  /**
   * Replaces the cost table with a costs file's lists (docs/cli.md `--costs-file`: F, I, W, B, FB
   * and memory F/I/W, a number or one entry per row; `comm` sets the comm field), in `basis` when
   * given (share: one row per share of the model, P rows; stage: one per stage or per rank).
   * `null` clears the table. Invalid values stay in the draft with their reason, as typed ones do.
   */
  setStageCosts: (file: CostsFile | null, source: string, basis?: CostBasis) => void;
  /** the table's text as typed in it (a cell edit): the source is then the user's */
  editStageCosts: (text: string, commit?: boolean) => void;
}

export const createCostsSlice: SliceCreator<CostsSlice> = (set, get) => ({
  stageCostsSource: null,
  setStageCosts: (file, source, basis) => {
    const s = get();
    if (basis !== undefined && basis !== s.drafts.basis) s.setField('basis', basis);
    if (file?.comm !== undefined) get().setField('comm', String(file.comm));
    get().setField('stageCosts', file ? formatTable(file) : '', true);
    set({ stageCostsSource: file ? source : null });
  },
  editStageCosts: (text, commit = false) => {
    get().setField('stageCosts', text, commit);
    if (get().stageCostsSource !== null) set({ stageCostsSource: null });
  },
});
