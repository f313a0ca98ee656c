/**
 * Fuzzing the URL, the one input every visitor controls (docs/style.md I.1): thousands of generated query
 * strings — known keys with valid, edge-case, unicode, huge, malformed-percent and XSS values,
 * unknown keys, repeated keys — go through `decodeUrl` and the whole store construction
 * (`createAppStore`, which also reads the fp8* keys and validates the combination).
 *
 * Properties: nothing throws; no case takes more than a fraction of a second (no hang); the state
 * is always valid (every field parses back from its own text, a zoom window is ordered and
 * finite, a highlighted micro-batch exists); re-encoding the state gives a link that reads back
 * with no warning and the same state; and every value that was not taken has a warning naming its
 * key. Payloads reach the page only through React text nodes (see src/security.test.ts and
 * e2e/xss.spec.ts), so here they only need to arrive as data.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIELDS, parseField, formatField, type FieldKey } from './params.ts';
import { createAppStore, urlOf } from './index.ts';
import { decodeUrl, encodeUrl, DEFAULT_VIEW } from './url.ts';

const RUNS = 1500;
/**
 * "No hang": a ceiling per case. A case takes about 1 ms; single cases reach 50–250 ms only when
 * a garbage collection or a JIT tier-up lands in them on a busy 2-core machine.
 */
const MAX_CASE_MS = 1000;

export const XSS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  'javascript:alert(1)',
  '<iframe srcdoc="<script>parent.pwned=1</script>">',
  '{{constructor.constructor("alert(1)")()}}',
  '</title><script>alert(1)</script>',
  '&lt;b&gt;&#x3C;script&#x3E;',
];

const PARAM_KEYS = FIELDS.map((f) => f.url);
const VIEW_KEYS = ['t0', 't1', 'mb', 'theme', 'pal', 'render', 'tab', 'page', 'source'];
/** the Explore page's keys (pipeline/exploreInputs.ts) and an unknown one of its prefix */
const EXPLORE_KEYS = ['exs', 'exp', 'exm', 'exv', 'exmem', 'exhide', 'exfront', 'exvalid', 'exzzz'];
const FP8_KEYS = [
  'fp8src',
  'fp8shape',
  'fp8seed',
  'fp8ch',
  'fp8mag',
  'fp8nu',
  'fp8sigma',
  'fp8fmt',
  'fp8ovf',
  'fp8m',
  'fp8rq',
  'fp8acc',
  'fp8nc',
  'fp8out',
  'fp8zzz',
];

const MODEL_KEYS = [
  'm_on',
  'm_setup',
  'm_tp',
  'm_pp',
  'm_vpp',
  'm_ep',
  'm_dp',
  'm_cp',
  'm_sp',
  'm_do',
  'm_rc',
  'm_mbs',
  'm_seq',
  'm_mb',
  'm_layout',
  'm_gpu',
  'm_mfu',
  'm_sched',
  'm_v',
  'm_zzz',
];

const edgeValue = fc.constantFrom(
  '',
  ' ',
  '0',
  '-0',
  '1',
  '2',
  '8',
  '20',
  '1024',
  '1025',
  '65536',
  '1e308',
  '1e309',
  '-1e308',
  '1e-400',
  'NaN',
  'Infinity',
  '-Infinity',
  '0x10',
  '0b1',
  '1_000',
  '١٢',
  '８',
  '1.',
  '.5',
  '5e',
  '9'.repeat(400),
  '1'.repeat(30),
  'true',
  'on',
  'auto',
  'none',
  'dualpipe',
  'zb-v',
  'interleaved-1f1b',
  'dark',
  'paper',
  'canvas',
  'fp8',
  'import',
  'schedule',
  'measured',
  'e5m2',
  'gauss',
  '64x64',
  '4096x4096',
  '0x0',
  'tile1x128_e4m3,block128x128_e4m3',
  'per_tensor_e4m3,,nope',
  'llama3.1-8b-64-h100',
  'deepseek-v3-2048-h800',
  'Et*3|(tt|)*29,m|L',
  'Et*8|t*8|t*8|t*8L',
  'Et*3|tx|L',
  'h800',
  'mi300x',
  '0.3',
  'selective',
  'full',
  'explore',
  '4:32:4',
  '16:256:16,8',
  '1:1e9',
  '8:4',
  '2,,3',
  '1f1b,zb-v,nope',
);
const number = fc.oneof(
  fc.integer({ min: -10, max: 70000 }).map(String),
  fc.double().map(String),
  fc.double({ min: 0, max: 100, noNaN: true }).map((x) => x.toPrecision(7)),
);
const value = fc.oneof(
  { weight: 4, arbitrary: edgeValue },
  { weight: 4, arbitrary: number },
  { weight: 2, arbitrary: fc.constantFrom(...XSS) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 3000 }) },
);
const key = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...PARAM_KEYS, ...VIEW_KEYS) },
  { weight: 2, arbitrary: fc.constantFrom(...FP8_KEYS) },
  { weight: 2, arbitrary: fc.constantFrom(...MODEL_KEYS) },
  { weight: 2, arbitrary: fc.constantFrom(...EXPLORE_KEYS) },
  { weight: 1, arbitrary: fc.constantFrom(...XSS, '__proto__', 'constructor', 'toString', 'hasOwnProperty', '') },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
);
/** one `k=v` pair, percent-encoded, raw (malformed escapes, bare &, =, #, +) or with no `=` */
const pair = fc
  .tuple(key, value, fc.constantFrom('encoded', 'raw', 'bare'))
  .map(([k, v, how]) => (how === 'encoded' ? `${encodeURIComponent(k)}=${encodeURIComponent(v)}` : how === 'raw' ? `${k}=${v}` : k));
const junk = fc.constantFrom('%', '%E0%A4%A', '%ZZ', '%00', '&&', '==', '#frag', '?', '+', '%2B', ';');
/** whole query strings: pairs (keys repeat freely) and junk, with or without the leading ? */
const search = fc
  .tuple(fc.array(fc.oneof({ weight: 6, arbitrary: pair }, { weight: 1, arbitrary: junk }), { maxLength: 14 }), fc.boolean())
  .map(([parts, q]) => `${q ? '?' : ''}${parts.join('&')}`);

function timed<T>(f: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = f();
  return { value, ms: performance.now() - t0 };
}

describe('URL fuzz', () => {
  it(`decodeUrl + createAppStore on ${RUNS} hostile query strings: valid state, stable links, no hang`, () => {
    let slowest = 0;
    let warned = 0;
    fc.assert(
      fc.property(search, (s) => {
        const { value: store, ms } = timed(() => createAppStore(s));
        slowest = Math.max(slowest, ms);
        expect(ms).toBeLessThan(MAX_CASE_MS);
        const st = store.getState();
        // every field is a value its own parser accepts
        for (const f of FIELDS) {
          const r = parseField(f.key, formatField(f.key, st.params[f.key]));
          expect(r.ok, `${f.key}=${String(st.params[f.key])}`).toBe(true);
        }
        // a link never restores the measured page: it cannot carry the trace files
        expect(st.page).not.toBe('measured');
        if (st.domain) {
          expect(Number.isFinite(st.domain[0]) && Number.isFinite(st.domain[1])).toBe(true);
          expect(0 <= st.domain[0] && st.domain[0] < st.domain[1]).toBe(true);
        }
        if (st.selectedMb !== null)
          expect(Number.isInteger(st.selectedMb) && st.selectedMb >= 0 && st.selectedMb < st.params.microbatches).toBe(true);
        for (const w of st.warnings) {
          expect(typeof w).toBe('string');
          expect(w.length).toBeGreaterThan(10);
        }
        if (st.warnings.length) warned++;
        // the link the app writes back reads with no warning into the same state
        const link = urlOf(st);
        const again = createAppStore(link).getState();
        expect(again.warnings.filter((w) => !w.startsWith("the link's parameters do not run"))).toEqual([]);
        expect(urlOf(again)).toBe(link);
        // (as JSON: a seed of -0 reads back as 0, the same generator)
        expect(JSON.stringify(again.params)).toBe(JSON.stringify(st.params));
        expect(JSON.stringify(again.fp8)).toBe(JSON.stringify(st.fp8));
        expect(JSON.stringify(again.model)).toBe(JSON.stringify(st.model));
        expect(again.costsFrom).toBe(st.costsFrom);
        expect(JSON.stringify(again.explore)).toBe(JSON.stringify(st.explore));
        expect(again.page).toBe(st.page);
      }),
      { numRuns: RUNS, seed: 71 },
    );
    console.info(`fuzz URL: ${RUNS} query strings, ${warned} with warnings, slowest ${slowest.toFixed(1)} ms`);
    expect(warned).toBeGreaterThan(RUNS / 4);
  });

  it(`every value that is not taken is named in a warning (${RUNS} single pairs)`, () => {
    const keys = [...PARAM_KEYS, 't0', 'mb', 'theme', 'pal', 'render', 'tab', 'page'];
    fc.assert(
      fc.property(fc.constantFrom(...keys), value, (k, v) => {
        const q = new URLSearchParams({ [k]: v }).toString();
        const d = decodeUrl(q);
        const field = FIELDS.find((f) => f.url === k);
        if (field) {
          const r = parseField(field.key as FieldKey, v);
          if (r.ok) {
            expect(d.params[field.key]).toEqual(r.value);
            expect(d.warnings).toEqual([]);
          } else {
            expect(d.warnings).toHaveLength(1);
            expect(d.warnings[0].startsWith(`${k}=`)).toBe(true);
          }
          return;
        }
        // view keys: taken (state differs from the default or the value is the default) or warned about
        const taken = JSON.stringify(d.view) !== JSON.stringify(DEFAULT_VIEW) || encodeUrl(d.params, d.view).includes(`${k}=`);
        if (
          !taken &&
          !(k === 'theme' && v === 'auto') &&
          !(k === 'pal' && v === 'cb') &&
          !(k === 'render' && v === 'auto') &&
          !(k === 'tab' && v === 'metrics') &&
          !(k === 'page' && v === 'schedule')
        ) {
          expect(d.warnings.length, `${k}=${JSON.stringify(v)}`).toBeGreaterThan(0);
          expect(d.warnings.some((w) => w.startsWith(`${k}=`) || w.includes(`${k}=`))).toBe(true);
        }
      }),
      { numRuns: RUNS, seed: 72 },
    );
  });

  it(`a repeated key is named in a warning; its first value is used (${RUNS} cases)`, () => {
    const keys = [...PARAM_KEYS, ...VIEW_KEYS, ...FP8_KEYS.slice(0, -1), ...MODEL_KEYS.slice(0, -1), ...EXPLORE_KEYS.slice(0, -1)];
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.array(value, { minLength: 2, maxLength: 4 }), (k, values) => {
        const q = values.map((v) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
        const st = createAppStore(`?${q}`).getState();
        expect(st.warnings.some((w) => w.startsWith(`"${k}" appears ${values.length} times`))).toBe(true);
        // the same state as the link with only the first value (less the repetition warning)
        const first = createAppStore(`?${encodeURIComponent(k)}=${encodeURIComponent(values[0])}`).getState();
        expect(urlOf(st)).toBe(urlOf(first));
      }),
      { numRuns: RUNS, seed: 73 },
    );
  });

  it('XSS payloads in keys and values arrive as inert data', () => {
    let cases = 0;
    for (const payload of XSS) {
      for (const k of [...PARAM_KEYS, ...VIEW_KEYS, ...FP8_KEYS, ...MODEL_KEYS, ...EXPLORE_KEYS, payload]) {
        const q = new URLSearchParams({ [k]: payload }).toString();
        const st = createAppStore(`?${q}`).getState();
        // a payload never becomes a parameter: it is either refused (and quoted, shortened) or ignored
        expect(JSON.stringify(st.params)).not.toContain('<');
        expect(JSON.stringify(st.model)).not.toContain('<');
        expect(JSON.stringify(st.explore)).not.toContain('<');
        for (const w of st.warnings) expect(w.length).toBeLessThan(600);
        cases++;
      }
    }
    expect(cases).toBeGreaterThan(200);
  });
});
