/**
 * Import into the store: each kind of file changes only what it should; every bad file leaves
 * the store as it was, with the problem in one sentence.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { makeProject, parseKineto, projectJson, scheduleSvg } from '../interop/index.ts';
import { projectTimeline } from '../interop/index.ts';
import { createAppStore } from '../store/index.ts';
import { importFile, importText } from './importFile.ts';

const GOLDEN = JSON.parse(
  readFileSync(new URL('../../fixtures/golden/torch-pipelining/ZBVZeroBubble_p4_m8.json', import.meta.url), 'utf8'),
) as { slots: string[] };
const KINETO = readFileSync(new URL('../../fixtures/kineto/synthetic-fb-2layers.json', import.meta.url), 'utf8');

const file = (name: string, text: string, size = text.length) => ({ name, size, text: async () => text });

/** the parts of the state an import may change */
const snapshot = (s: ReturnType<ReturnType<typeof createAppStore>['getState']>) => ({
  params: s.params,
  custom: s.custom,
  profile: s.profile,
  domain: s.domain,
});

describe('importText', () => {
  it('a torch CSV (space-separated golden slots) becomes the custom schedule, stored as compute_only CSV', () => {
    const store = createAppStore('?schedule=dualpipe&ranks=8&microbatches=20');
    const params = store.getState().params;
    importText(store, 'zbv.csv', GOLDEN.slots.join('\n'));
    const { custom, importProblem } = store.getState();
    expect(importProblem).toBeNull();
    expect(custom?.fileName).toBe('zbv.csv');
    expect(custom?.csv.split('\n')[0].startsWith('0F0,0F1,0F2')).toBe(true);
    expect(store.getState().params).toBe(params);
  });

  it('a project restores its parameters and costs; a custom project restores its order too', () => {
    const store = createAppStore('?schedule=dualpipe&ranks=8&microbatches=20&cmp=1f1b');
    importText(store, 'p.json', projectJson(makeProject('zb-h1', { ranks: 4, microbatches: 12 }, { F: 2, comm: 0.5 })));
    expect(store.getState().params).toMatchObject({
      schedule: 'zb-h1',
      ranks: 4,
      microbatches: 12,
      F: 2,
      I: 1,
      W: 1,
      B: null,
      FB: null,
      comm: 0.5,
      detailed: false,
      compare: '1f1b',
    });
    expect(store.getState().notice).toBe('Parameters restored from p.json');
    const csv = '0F0,0F1,0B0,0B1\n1F0,1B0,1F1,1B1\n';
    const custom = makeProject('1f1b', { ranks: 2, microbatches: 2 }, {});
    importText(store, 'c.json', projectJson({ ...custom, params: { ...custom.params, schedule: 'custom' }, customCsv: csv }));
    expect(store.getState().custom).toEqual({ fileName: 'c.json', csv });
    expect(store.getState().params.schedule).toBe('zb-h1');
  });

  it('an SVG with overlap settings switches on the detailed mode at its split', () => {
    const store = createAppStore('');
    const project = makeProject(
      'dualpipe',
      { ranks: 4, microbatches: 8 },
      {},
      { preset: 'deepseek-v3-h800-measured', commSms: 24, layers: 2 },
    );
    importText(store, 'fig.svg', scheduleSvg(projectTimeline(project), project));
    expect(store.getState().params).toMatchObject({
      schedule: 'dualpipe',
      ranks: 4,
      microbatches: 8,
      detailed: true,
      hw: 'deepseek-v3-h800-measured',
      commSms: 24,
      layers: 2,
    });
  });

  it('a profiler trace opens the profiler view and leaves the chart alone', () => {
    const store = createAppStore('');
    const before = snapshot(store.getState());
    importText(store, 'trace.json', KINETO);
    const s = store.getState();
    expect(s.profile?.fileName).toBe('trace.json');
    expect(s.profile?.profile.streams.map((x) => x.role).sort()).toEqual(['comm', 'compute', 'compute-side']);
    expect({ ...snapshot(s), profile: before.profile }).toEqual(before);
  });

  it.each([
    ['truncated JSON', 'p.json', '{"format":"pipescope-project","version":1,"par', /not valid JSON/],
    ['unknown action', 'a.csv', '0F0,0Q0\n', /row 1, cell 2: unknown action "0Q0"/],
    ['missing ops', 'b.csv', '0F0,0F1,0B0\n1F0,1B0,1F1,1B1\n', /not legal: missing backward/],
    ['deadlock', 'c.csv', '0F0,0B0,0F1,0B1\n1F1,1B1,1F0,1B0\n', /cannot run: deadlock/],
    ['a label with markup', 'd.csv', '0F0,<script>alert(1)</script>\n', /unknown action "<script>alert\(1\)<\/script>"/],
    ['markup that is no pipescope SVG', 'd.svg', '<script>alert(1)</script>', /this SVG has no pipescope parameters/],
    [
      'a project the app cannot draw',
      'e.json',
      projectJson(makeProject('gpipe', { ranks: 64, microbatches: 4096 }, {})),
      /its parameters do not run here/,
    ],
    ['an empty file', 'f.csv', '  \n', /empty/],
  ])('%s: a problem, nothing else changes', (_, name, text, message) => {
    const store = createAppStore('?schedule=1f1b&ranks=4&microbatches=8');
    store.getState().showCustom({ fileName: 'kept.csv', csv: '0F0,0B0\n1F0,1B0\n' });
    const before = snapshot(store.getState());
    importText(store, name, text);
    expect(store.getState().importProblem).toEqual({ fileName: name, message: expect.stringMatching(message) });
    expect(snapshot(store.getState())).toEqual(before);
  });
});

describe('importFile', () => {
  it('rejects a file over the limit by its size, without reading it', async () => {
    const store = createAppStore('');
    let read = false;
    await importFile(store, { name: 'big.json', size: 50_000_000, text: async () => ((read = true), '{}') });
    expect(read).toBe(false);
    expect(store.getState().importProblem?.message).toBe(
      'the file is 50.0 MB; the import limit is 32.0 MB (trim the trace to one step or split the file)',
    );
  });

  it('says "reading" while the text loads, then imports it', async () => {
    const store = createAppStore('');
    let release: (t: string) => void = () => {};
    const pending = importFile(store, { name: 'x.csv', size: 20, text: () => new Promise<string>((r) => (release = r)) });
    expect(store.getState().importing).toBe('x.csv');
    release('0F0,0B0\n1F0,1B0\n');
    await pending;
    expect(store.getState().importing).toBeNull();
    expect(store.getState().custom?.fileName).toBe('x.csv');
  });

  it('a read failure is a problem too', async () => {
    const store = createAppStore('');
    await importFile(store, { name: 'gone.csv', size: 3, text: () => Promise.reject(new Error('NotReadableError')) });
    expect(store.getState().importProblem).toEqual({ fileName: 'gone.csv', message: 'it could not be read (NotReadableError)' });
    expect(store.getState().importing).toBeNull();
    await importFile(store, file('ok.csv', '0F0,0B0\n1F0,1B0\n'));
    expect(store.getState().importProblem).toBeNull();
  });

  it('a gzip-compressed profiler trace is decompressed and shown; broken gzip is one sentence', async () => {
    const gz = gzipSync(KINETO);
    const bytesFile = (name: string, b: Uint8Array) => ({
      name,
      size: b.length,
      text: async () => 'never read as text',
      arrayBuffer: async () => Uint8Array.from(b).buffer,
    });
    const store = createAppStore('?schedule=dualpipe&ranks=8&microbatches=20');
    const before = snapshot(store.getState());
    await importFile(store, bytesFile('rank0.pt.trace.json.gz', gz));
    expect(store.getState().importProblem).toBeNull();
    expect(store.getState().profile?.fileName).toBe('rank0.pt.trace.json.gz');
    expect(store.getState().profile?.profile).toEqual(parseKineto(KINETO));
    expect(store.getState().params).toBe(before.params);
    await importFile(store, bytesFile('cut.json.gz', gz.subarray(0, 100)));
    expect(store.getState().importProblem?.message).toMatch(/^the file starts like gzip but is not valid gzip data/);
    // a plain file read through its bytes imports as before
    await importFile(store, bytesFile('ok.csv', new TextEncoder().encode('0F0,0B0\n1F0,1B0\n')));
    expect(store.getState().custom?.fileName).toBe('ok.csv');
  });
});
