/**
 * The trace import's worker protocol (traceProtocol.ts) driven in-process: every message crosses a
 * structured clone as it would between the page and the worker, with the files' bytes transferred.
 *
 * Properties (fast-check over synthesised steps of random schedules, with ranks dropped, files
 * truncated or gzipped and shuffled): the analysis that comes back equals the one computed
 * directly, and a refused import shows the same sentence the CLI prints — through the store, which
 * then holds the run on the measured page or the problem. A cancelled import, at any point, leaves
 * the store as it was, and whatever the worker sends after the cancel is ignored.
 */
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildSchedule, resolveCosts, simulate, type ScheduleName } from '../engine/index.ts';
import { ImportError } from '../interop/index.ts';
import { analyzeRun, readTraceFiles, traceReport, type TraceFile } from '../measured/index.ts';
import { CONFIGS, fixtureFiles } from '../measured/testing/fixtures.ts';
import { synthMegatronFiles, synthTorchTraces } from '../measured/testing/synth.ts';
import { createAppStore, urlOf, type AppStore } from '../store/index.ts';
import { analysisOf } from './measuredAnalysis.ts';
import { cancelTraceImport } from './traceCancel.ts';
import type { TraceWorkerLike } from './traceClient.ts';
import { traceWorkerHandler } from './traceJob.ts';
import { importTraceFiles, pickedLabel, type Picked } from './traceImport.ts';
import type { FromTraceWorker, ToTraceWorker } from './traceProtocol.ts';

/** A worker running traceWorkerHandler in this process; `onSend` sees every answer before it is delivered. */
function inProcess(onSend: (m: FromTraceWorker) => void = () => {}) {
  const log = { terminated: false, sent: [] as FromTraceWorker[], late: 0 };
  const w: TraceWorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage(m: ToTraceWorker, transfer: Transferable[] = []) {
      const copy = structuredClone(m, { transfer });
      if (m.type === 'start') expect(m.files.every((f) => f.bytes.byteLength === 0)).toBe(true); // transferred
      setTimeout(() => handle(copy), 0);
    },
    terminate() {
      log.terminated = true;
    },
  };
  const handle = traceWorkerHandler((m) => {
    log.sent.push(m);
    onSend(m);
    if (log.terminated) {
      log.late++;
      return;
    }
    const copy = structuredClone(m);
    setTimeout(() => w.onmessage?.({ data: copy } as MessageEvent<FromTraceWorker>), 0);
  });
  return { factory: () => w, log };
}

const bytes = (text: string | Uint8Array) => {
  const b = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
};
const picked = (files: { name: string; content: string | Uint8Array }[]): Picked => ({
  files: files.map(({ name, content }) => ({
    file: {
      name,
      size: typeof content === 'string' ? content.length : content.byteLength,
      text: async () => '',
      arrayBuffer: async () => bytes(content),
    },
    listed: false,
  })),
  folder: null,
});

/** The store's state that an import may change, as text. */
const snapshot = (store: AppStore) => {
  const s = store.getState();
  return JSON.stringify({
    url: urlOf(s),
    params: s.params,
    custom: s.custom,
    measured: s.measured,
    page: s.page,
    problem: s.importProblem,
    busy: s.traceImport,
  });
};

const costs = resolveCosts({ F: 1000, I: 900, W: 700, comm: 100 });
const SCHEDULES: [ScheduleName, number][] = [
  ['1f1b', 1],
  ['interleaved-1f1b', 2],
  ['zb-h1', 1],
  ['interleaved-zb', 2],
  ['zb-v', 2],
];

/** A synthesised step and a way to spoil it. */
const caseArb = fc.record({
  schedule: fc.constantFrom(...SCHEDULES),
  ranks: fc.integer({ min: 2, max: 4 }),
  microbatches: fc.integer({ min: 2, max: 6 }),
  spoil: fc.constantFrom('none', 'drop a rank', 'truncate', 'gzip', 'gzip truncated'),
  victim: fc.nat(),
  order: fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
});

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function filesOf(c: Case): { name: string; content: string | Uint8Array }[] | null {
  const [schedule, v] = c.schedule;
  const M = c.microbatches * (schedule.startsWith('interleaved') ? c.ranks : 1);
  let t;
  try {
    t = simulate(buildSchedule({ schedule, ranks: c.ranks, microbatches: M, stagesPerRank: v }, costs), costs);
  } catch {
    return null;
  }
  const files = synthTorchTraces(t).map((d, r) => ({ name: `rank${r}.pt.trace.json`, content: JSON.stringify(d) as string | Uint8Array }));
  const k = c.victim % files.length;
  const text = files[k].content as string;
  if (c.spoil === 'drop a rank') files.splice(k, 1);
  if (c.spoil === 'truncate') files[k].content = text.slice(0, Math.floor(text.length / 2));
  if (c.spoil === 'gzip') files[k] = { name: `${files[k].name}.gz`, content: gzipSync(text) };
  if (c.spoil === 'gzip truncated') files[k] = { name: `${files[k].name}.gz`, content: gzipSync(text).subarray(0, 200) };
  return files
    .map((f, i) => ({ f, key: c.order[i] ?? i }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.f);
}

/** What the CLI would say: the report, or the one sentence. */
async function direct(files: { name: string; content: string | Uint8Array }[]): Promise<{ report?: unknown; message?: string }> {
  const { fileText } = await import('../interop/index.ts');
  try {
    const texts: TraceFile[] = [];
    for (const f of files)
      texts.push({
        name: f.name,
        text: await fileText(typeof f.content === 'string' ? new TextEncoder().encode(f.content) : f.content, f.name, 256e6),
      });
    return { report: traceReport(analyzeRun(readTraceFiles(texts))) };
  } catch (e) {
    if (e instanceof ImportError) return { message: e.message };
    throw e;
  }
}

describe('trace import worker protocol', () => {
  it('the real traces round-trip: the store holds the run, the page finds the worker’s analysis', async () => {
    for (const config of CONFIGS) {
      const files = fixtureFiles(config).map((f) => ({ name: f.name, content: f.text }));
      const store = createAppStore('?schedule=1f1b&ranks=4&microbatches=8');
      const progress: number[] = [];
      store.subscribe(
        (s) => s.traceImport,
        (p) => p && progress.push(p.fraction),
      );
      const w = inProcess();
      await importTraceFiles(store, picked(files), w.factory);
      const s = store.getState();
      expect(s.importProblem).toBeNull();
      expect([s.page, s.traceImport]).toEqual(['measured', null]);
      expect(s.measured!.files).toEqual(files.map((f) => f.name));
      const done = w.log.sent.find((m) => m.type === 'done')!;
      expect(done).toBeDefined();
      // the page reads the analysis that crossed the worker boundary (no recomputation), equal to the CLI's
      expect(traceReport(analysisOf(s.measured!.run))).toEqual((await direct(files)).report);
      expect(analysisOf(s.measured!.run).run).toBe(s.measured!.run);
      expect(progress.length).toBeGreaterThan(3);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      expect(w.log.terminated).toBe(true);
      expect(urlOf(s)).toContain('page=measured');
    }
  });

  it('fuzz: through the worker, every step gives the CLI’s report or its one sentence, nothing else', async () => {
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const files = filesOf(c);
        if (!files) return;
        const want = await direct(files);
        const store = createAppStore();
        const before = snapshot(store);
        const p = picked(files);
        await importTraceFiles(store, p, inProcess().factory);
        const s = store.getState();
        if (want.message !== undefined) {
          refused++;
          expect(s.importProblem).toEqual({ fileName: pickedLabel(p), message: want.message });
          expect(JSON.parse(snapshot(store))).toEqual({ ...JSON.parse(before), problem: s.importProblem });
        } else {
          expect(s.importProblem).toBeNull();
          expect(traceReport(analysisOf(s.measured!.run))).toEqual(want.report);
        }
      }),
      { numRuns: 40, seed: 12 },
    );
    expect(refused).toBeGreaterThan(5);
  });

  it('fuzz: a cancel at any point leaves the store unchanged; later answers are ignored', async () => {
    const files = fixtureFiles(CONFIGS[0]).map((f) => ({ name: f.name, content: f.text }));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: -1, max: 6 }), fc.boolean(), async (at, withRun) => {
        const store = createAppStore('?schedule=zb-v&ranks=4&microbatches=8&theme=dark');
        if (withRun) await importTraceFiles(store, picked(files), inProcess().factory);
        const before = snapshot(store);
        let seen = 0;
        // cancel when the worker sends its at-th progress message (-1: before it starts)
        const w = inProcess((m) => {
          if (m.type === 'progress' && seen++ === at) cancelTraceImport();
        });
        const running = importTraceFiles(store, picked(files), w.factory);
        if (at === -1) cancelTraceImport();
        await running;
        const started = w.log.sent.length > 0;
        // the in-process worker is not killed by terminate(): let it run to its last answer
        for (let k = 0; started && k < 200 && !w.log.sent.some((m) => m.type !== 'progress'); k++)
          await new Promise((r) => setTimeout(r, 10));
        expect(snapshot(store)).toBe(before);
        expect(store.getState().traceImport).toBeNull();
        if (started) {
          expect(w.log.terminated).toBe(true);
          // whatever it sent after the cancel (its last answer at least) reached nobody
          expect(w.log.late).toBeGreaterThan(0);
        }
      }),
      { numRuns: 24, seed: 5 },
    );
  });

  it('Megatron PP-timer files of a folder round-trip too (JSON of neither format skipped)', async () => {
    const t = simulate(buildSchedule({ schedule: 'interleaved-1f1b', ranks: 4, microbatches: 8, stagesPerRank: 2 }, costs), {
      ...costs,
      I: 0,
      W: 0,
      B: 1600,
    });
    const files = [
      ...synthMegatronFiles(t).map((f) => ({ name: f.name, content: JSON.stringify(f.data) })),
      { name: 'meta.json', content: '{"x": 1}' },
    ];
    const store = createAppStore();
    const p: Picked = { files: picked(files).files.map((f) => ({ ...f, listed: true })), folder: 'run' };
    await importTraceFiles(store, p, inProcess().factory);
    const a = analysisOf(store.getState().measured!.run);
    expect(a.run.format).toBe('megatron-pp-timer');
    expect(a.recognized.schedule).toBe('interleaved-1f1b');
    expect(a.notes[0]).toBe('skipped 1 JSON file(s) that are not traces: meta.json');
  });

  it('a file over the trace limit is refused by its size, before it is read', async () => {
    const store = createAppStore();
    const p = picked([{ name: 'rank0.json', content: '{}' }]);
    p.files[0].file = { name: 'rank0.pt.trace.json', size: 2_147_500_000, text: () => Promise.reject(new Error('read')) };
    p.files.push({ file: { name: 'rank1.json', size: 10, text: () => Promise.reject(new Error('read')) }, listed: false });
    await importTraceFiles(store, p, () => {
      throw new Error('no worker may start');
    });
    expect(store.getState().importProblem?.message).toBe(
      'rank0.pt.trace.json is 2147.5 MB; the trace import limit is 256 MB (export one step per file, or trim the trace)',
    );
  });
});
