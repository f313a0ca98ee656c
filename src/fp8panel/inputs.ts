/**
 * The FP8 panel's inputs: types, defaults, validation of the typed fields (with the message the
 * panel shows under the field) and their URL form. PURE. URL keys all start with `fp8`; defaults are
 * left out of the URL; an uploaded file is never in the URL (a link re-opens on the default source).
 */
import {
  FP8_METHODS,
  METHOD_SPECS,
  PROMOTIONS,
  isFp8Method,
  type Fp8Format,
  type Fp8Method,
  type OverflowMode,
  type Promotion,
} from '../fp8/index.ts';
import { ACCUM_DISTS, type AccumDist } from './accum.ts';
import { parseShape } from './limits.ts';
import type { FileFormat } from './protocol.ts';
import { GENERATOR_KINDS, type GeneratorKind, type GeneratorSpec } from './sources.ts';

export type SourceKind = GeneratorKind | 'file';
export type RequantMode = 'off' | 'fp32' | 'ue8m0';
export const ACCUM_OUTPUTS = [16, 32, 64] as const;
export type AccumOutputs = (typeof ACCUM_OUTPUTS)[number];

export interface Fp8Inputs {
  source: SourceKind;
  /** generated tensors and raw files: [rows, cols] */
  shape: [number, number];
  seed: number;
  channels: number;
  magnitude: number;
  nu: number;
  sigma: number;
  fileFormat: FileFormat;
  format: Fp8Format;
  overflow: OverflowMode;
  methods: Fp8Method[];
  requant: RequantMode;
  accDist: AccumDist;
  promote: Promotion;
  accOutputs: AccumOutputs;
}

/** Fields typed as text (validated, may be invalid while typing). */
export type Fp8TextKey = 'shape' | 'seed' | 'channels' | 'magnitude' | 'nu' | 'sigma';
export type Fp8Drafts = Record<Fp8TextKey, string>;

export const DEFAULT_METHODS: Record<Fp8Format, Fp8Method[]> = {
  e4m3: ['per_tensor_e4m3', 'tile1x128_e4m3', 'block128x128_e4m3'],
  e5m2: ['per_tensor_e5m2', 'mx32_e5m2_floor'],
};

export const DEFAULT_FP8: Readonly<Fp8Inputs> = {
  source: 'gauss',
  shape: [1024, 1024],
  seed: 1,
  channels: 4,
  magnitude: 100,
  nu: 3,
  sigma: 3,
  fileFormat: 'npy',
  format: 'e4m3',
  overflow: 'saturate',
  methods: DEFAULT_METHODS.e4m3,
  requant: 'fp32',
  accDist: 'gauss',
  promote: 128,
  accOutputs: 32,
};

/** Methods offered for a format, in the core's order. */
export function methodsOf(format: Fp8Format): Fp8Method[] {
  return FP8_METHODS.filter((m) => METHOD_SPECS[m].format === format);
}

/** Short labels for tables and legends. */
export const METHOD_LABELS: Record<Fp8Method, string> = {
  per_tensor_e4m3: 'per-tensor',
  per_tensor_e5m2: 'per-tensor',
  per_row_e4m3: 'per-row (1×K)',
  tile1x128_e4m3: '1×128 tiles',
  block128x128_e4m3: '128×128 blocks',
  tile1x128_e4m3_ue8m0: '1×128, UE8M0',
  block128x128_e4m3_ue8m0: '128×128, UE8M0',
  mx32_e4m3_floor: 'MX 1×32 FLOOR',
  mx32_e5m2_floor: 'MX 1×32 FLOOR',
  mx32_e4m3_rceil: 'MX 1×32 RCEIL',
};

export const SOURCE_LABELS: Record<SourceKind, string> = {
  gauss: 'Gaussian N(0,1)',
  outliers: 'Gaussian + outlier channels',
  student: 'Student-t',
  lognormal: 'Log-normal (signed)',
  file: 'Upload .npy / raw float32',
};

export function draftsOf(i: Fp8Inputs): Fp8Drafts {
  return {
    shape: `${i.shape[0]}x${i.shape[1]}`,
    seed: String(i.seed),
    channels: String(i.channels),
    magnitude: String(i.magnitude),
    nu: String(i.nu),
    sigma: String(i.sigma),
  };
}

export type FieldCheck<T> = { ok: true; value: T } | { ok: false; message: string };

function num(raw: string, what: string, lo: number, hi: number, integer: boolean): FieldCheck<number> {
  const s = raw.trim();
  if (s === '') return { ok: false, message: `${what} needs a value.` };
  const v = Number(s);
  if (!Number.isFinite(v)) return { ok: false, message: `${what}: "${s.length > 20 ? `${s.slice(0, 20)}…` : s}" is not a number.` };
  if (integer && !Number.isInteger(v)) return { ok: false, message: `${what} must be a whole number.` };
  if (v < lo || v > hi) return { ok: false, message: `${what} must be between ${lo} and ${hi}.` };
  return { ok: true, value: v };
}

/** Check one text field; `cols` bounds the outlier channel count. */
export function checkField(key: Fp8TextKey, raw: string, cols: number): FieldCheck<number | [number, number]> {
  switch (key) {
    case 'shape': {
      const r = parseShape(raw);
      return r.ok ? { ok: true, value: r.shape } : r;
    }
    case 'seed':
      return num(raw, 'The seed', 0, 2 ** 32 - 1, true);
    case 'channels': {
      const r = num(raw, 'The outlier channel count', 0, 1e9, true);
      if (r.ok && r.value > cols)
        return { ok: false, message: `The outlier channel count must be at most the number of columns (${cols}).` };
      return r;
    }
    case 'magnitude':
      return num(raw, 'The outlier magnitude', 1e-6, 1e6, false);
    case 'nu':
      return num(raw, 'ν (degrees of freedom)', 0.5, 1000, false);
    case 'sigma':
      return num(raw, 'σ', 0.01, 8, false);
  }
}

/** Validate all drafts against the current inputs: the messages per field and the inputs they give. */
export function evaluateDrafts(drafts: Fp8Drafts, base: Fp8Inputs): { inputs: Fp8Inputs; errors: Partial<Record<Fp8TextKey, string>> } {
  const errors: Partial<Record<Fp8TextKey, string>> = {};
  const next = { ...base };
  const shape = checkField('shape', drafts.shape, 0);
  if (shape.ok) next.shape = shape.value as [number, number];
  else errors.shape = shape.message;
  for (const key of ['seed', 'channels', 'magnitude', 'nu', 'sigma'] as const) {
    const r = checkField(key, drafts[key], next.shape[1]);
    if (r.ok) next[key] = r.value as number;
    else errors[key] = r.message;
  }
  return { inputs: next, errors };
}

/** Which text fields matter for the current source. */
export function activeFields(i: Pick<Fp8Inputs, 'source' | 'fileFormat'>): Fp8TextKey[] {
  switch (i.source) {
    case 'gauss':
      return ['shape', 'seed'];
    case 'outliers':
      return ['shape', 'seed', 'channels', 'magnitude'];
    case 'student':
      return ['shape', 'seed', 'nu'];
    case 'lognormal':
      return ['shape', 'seed', 'sigma'];
    case 'file':
      return i.fileFormat === 'raw' ? ['shape'] : [];
  }
}

export function generatorSpec(i: Fp8Inputs): GeneratorSpec | null {
  if (i.source === 'file') return null;
  return {
    kind: i.source,
    rows: i.shape[0],
    cols: i.shape[1],
    seed: i.seed,
    channels: i.channels,
    magnitude: i.magnitude,
    nu: i.nu,
    sigma: i.sigma,
  };
}

// ---- URL ----

const KEYS = {
  source: 'fp8src',
  shape: 'fp8shape',
  seed: 'fp8seed',
  channels: 'fp8ch',
  magnitude: 'fp8mag',
  nu: 'fp8nu',
  sigma: 'fp8sigma',
  format: 'fp8fmt',
  overflow: 'fp8ovf',
  methods: 'fp8m',
  requant: 'fp8rq',
  accDist: 'fp8acc',
  promote: 'fp8nc',
  accOutputs: 'fp8out',
} as const;
const KNOWN = new Set<string>(Object.values(KEYS));

const shown = (v: string) => JSON.stringify(v.length > 24 ? `${v.slice(0, 24)}…` : v);

/** Read the fp8* keys of a query string; bad values fall back to their default with a warning. */
export function decodeFp8Url(search: string): { inputs: Fp8Inputs; warnings: string[] } {
  const q = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const warnings: string[] = [];
  const i: Fp8Inputs = { ...DEFAULT_FP8, shape: [...DEFAULT_FP8.shape], methods: [...DEFAULT_FP8.methods] };
  const pick = <T extends string>(key: string, allowed: readonly T[], set: (v: T) => void) => {
    const raw = q.get(key);
    if (raw === null) return;
    if ((allowed as readonly string[]).includes(raw)) set(raw as T);
    else warnings.push(`${key}=${shown(raw)} is not one of ${allowed.join(', ')}; using the default`);
  };
  pick(KEYS.source, GENERATOR_KINDS, (v) => (i.source = v));
  pick(KEYS.format, ['e4m3', 'e5m2'] as const, (v) => {
    i.format = v;
    i.methods = [...DEFAULT_METHODS[v]];
  });
  pick(KEYS.overflow, ['sat', 'nonsat'] as const, (v) => (i.overflow = v === 'sat' ? 'saturate' : 'nonsaturate'));
  pick(KEYS.requant, ['off', 'fp32', 'ue8m0'] as const, (v) => (i.requant = v));
  pick(KEYS.accDist, ACCUM_DISTS, (v) => (i.accDist = v));
  pick(KEYS.promote, PROMOTIONS.map(String), (v) => (i.promote = v === 'never' ? 'never' : (Number(v) as Promotion)));
  pick(KEYS.accOutputs, ACCUM_OUTPUTS.map(String), (v) => (i.accOutputs = Number(v) as AccumOutputs));
  for (const key of ['shape', 'seed', 'channels', 'magnitude', 'nu', 'sigma'] as const) {
    const raw = q.get(KEYS[key]);
    if (raw === null) continue;
    const r = checkField(key, raw, key === 'channels' ? i.shape[1] : Infinity);
    if (r.ok) (i as unknown as Record<string, unknown>)[key] = r.value;
    else
      warnings.push(`${KEYS[key]}=${shown(raw)}: ${r.message.replace(/\.$/, '')}; using the default ${String(draftsOf(DEFAULT_FP8)[key])}`);
  }
  if (i.channels > i.shape[1]) i.channels = Math.min(DEFAULT_FP8.channels, i.shape[1]);
  const m = q.get(KEYS.methods);
  if (m !== null) {
    const names = m.split(',').filter(Boolean);
    const ok = names.filter((n): n is Fp8Method => isFp8Method(n) && METHOD_SPECS[n].format === i.format);
    const bad = names.filter((n) => !ok.includes(n as Fp8Method));
    if (bad.length)
      warnings.push(
        `${KEYS.methods}: ${bad.map(shown).join(', ')} ${bad.length === 1 ? 'is not a' : 'are not'} ${i.format.toUpperCase()} method${bad.length === 1 ? '' : 's'}; ignored`,
      );
    if (ok.length) i.methods = [...new Set(ok)];
  }
  for (const key of q.keys()) if (key.startsWith('fp8') && !KNOWN.has(key)) warnings.push(`unknown parameter ${shown(key)} ignored`);
  return { inputs: i, warnings };
}

/** The fp8* part of the query string (no leading ? or &; empty when everything is default). */
export function encodeFp8Url(i: Fp8Inputs): string {
  const q = new URLSearchParams();
  const d = DEFAULT_FP8;
  if (i.source !== 'file' && i.source !== d.source) q.set(KEYS.source, i.source);
  if (i.source !== 'file' && (i.shape[0] !== d.shape[0] || i.shape[1] !== d.shape[1])) q.set(KEYS.shape, `${i.shape[0]}x${i.shape[1]}`);
  if (i.seed !== d.seed) q.set(KEYS.seed, String(i.seed));
  if (i.channels !== d.channels) q.set(KEYS.channels, String(i.channels));
  if (i.magnitude !== d.magnitude) q.set(KEYS.magnitude, String(i.magnitude));
  if (i.nu !== d.nu) q.set(KEYS.nu, String(i.nu));
  if (i.sigma !== d.sigma) q.set(KEYS.sigma, String(i.sigma));
  if (i.format !== d.format) q.set(KEYS.format, i.format);
  if (i.overflow !== d.overflow) q.set(KEYS.overflow, i.overflow === 'saturate' ? 'sat' : 'nonsat');
  const defaults = DEFAULT_METHODS[i.format];
  if (i.methods.length !== defaults.length || i.methods.some((m, k) => m !== defaults[k])) q.set(KEYS.methods, i.methods.join(','));
  if (i.requant !== d.requant) q.set(KEYS.requant, i.requant);
  if (i.accDist !== d.accDist) q.set(KEYS.accDist, i.accDist);
  if (i.promote !== d.promote) q.set(KEYS.promote, String(i.promote));
  if (i.accOutputs !== d.accOutputs) q.set(KEYS.accOutputs, String(i.accOutputs));
  return q.toString();
}
