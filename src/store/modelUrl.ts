/**
 * The Model panel in the link (docs/model.md §10). PURE. Keys all start with `m_`: `m_on=1` when the
 * chart's costs come from the model, `m_setup` the setup, then every field that differs from the
 * setup's value (store/modelInputs.ts MODEL_FIELDS: m_tp, m_pp, m_vpp, m_ep, m_dp, m_cp, m_sp, m_do,
 * m_rc, m_mbs, m_seq, m_mb, m_layout, m_gpu, m_mfu, m_sched, m_v). Each value is validated on its own
 * (a bad one falls back to the setup's with a warning naming it); a combination the planner or the
 * engine rejects keeps its values as drafts, so the panel shows them with the reason, and the model
 * falls back to the setup.
 */
import {
  DEFAULT_MODEL,
  DEFAULT_SETUP,
  MODEL_FIELDS,
  evaluateModel,
  formatModelField,
  modelDraftsOf,
  parseModelField,
  setupInputs,
  type ModelDrafts,
  type ModelInputs,
  type ModelKey,
} from './modelInputs.ts';

export type CostsFrom = 'params' | 'model';

export interface DecodedModel {
  costsFrom: CostsFrom;
  model: ModelInputs;
  drafts: ModelDrafts;
  warnings: string[];
}

const shown = (v: string) => JSON.stringify(v.length > 24 ? `${v.slice(0, 24)}…` : v);
const KNOWN = new Set(['m_on', ...MODEL_FIELDS.map((f) => f.url)]);

export function isModelUrlKey(key: string): boolean {
  return key.startsWith('m_');
}

export function decodeModelUrl(search: string): DecodedModel {
  const q = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const warnings: string[] = [];
  let costsFrom: CostsFrom = 'params';
  const on = q.get('m_on');
  if (on === '1') costsFrom = 'model';
  else if (on !== null && on !== '0') warnings.push(`m_on=${shown(on)} is not 1 (costs from the model) or 0; using 0`);
  let setup = DEFAULT_SETUP;
  const rawSetup = q.get('m_setup');
  if (rawSetup !== null) {
    const r = parseModelField('setup', rawSetup);
    if (r.ok) setup = r.value as string;
    else warnings.push(`m_setup=${shown(rawSetup)}: ${r.issue.message}; using ${DEFAULT_SETUP}`);
  }
  const base = setupInputs(setup);
  const values: ModelInputs = { ...base };
  for (const f of MODEL_FIELDS) {
    if (f.key === 'setup') continue;
    const raw = q.get(f.url);
    if (raw === null) continue;
    const r = parseModelField(f.key, raw);
    if (r.ok) (values as unknown as Record<ModelKey, unknown>)[f.key] = r.value;
    else warnings.push(`${f.url}=${shown(raw)}: ${r.issue.message}; using ${formatModelField(base[f.key]) || 'none'}`);
  }
  for (const key of q.keys()) if (isModelUrlKey(key) && !KNOWN.has(key)) warnings.push(`unknown parameter ${shown(key)} ignored`);
  const drafts = modelDraftsOf(values);
  const e = evaluateModel(drafts);
  if (e.inputs) return { costsFrom, model: e.inputs, drafts, warnings };
  const first = Object.values(e.errors)[0];
  warnings.push(`the link's model does not run: ${first?.message ?? 'invalid'}; the panel shows why, the model is the setup's`);
  const fallback = evaluateModel(modelDraftsOf(base)).inputs ?? DEFAULT_MODEL;
  return { costsFrom, model: fallback, drafts, warnings };
}

/** The m_* part of the query string (no leading ? or &; empty when the model is off and at its defaults). */
export function encodeModelUrl(costsFrom: CostsFrom, m: ModelInputs): string {
  const q = new URLSearchParams();
  const base = setupInputs(m.setup);
  const changed = MODEL_FIELDS.filter((f) => f.key !== 'setup' && formatModelField(m[f.key]) !== formatModelField(base[f.key]));
  if (costsFrom === 'params' && m.setup === DEFAULT_SETUP && changed.length === 0) return '';
  if (costsFrom === 'model') q.set('m_on', '1');
  q.set('m_setup', m.setup);
  for (const f of changed) q.set(f.url, formatModelField(m[f.key]));
  return q.toString();
}
