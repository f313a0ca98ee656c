/**
 * The FP8 panel's runs: owns the worker client, turns the store's fp8 inputs into worker jobs, and
 * keeps the results (derived data, so not in the store) and run states for the components, which
 * read them through useSyncExternalStore. One controller per app store (a WeakMap), so results
 * survive switching side-panel tabs.
 *
 * Run policy: tensors up to AUTO_RUN_ELEMENTS re-run by themselves (debounced) when an input
 * changes, a running one is cancelled first; bigger tensors wait for the Run button and the panel
 * marks the shown results as stale. The accumulation sweep re-runs on its own inputs.
 */
import type { AppStore } from '../../store/index.ts';
import { ACCUM_KS, type AccumResult } from '../../fp8panel/accum.ts';
import { Fp8Client, type Running } from '../../fp8panel/client.ts';
import { activeFields, evaluateDrafts, generatorSpec, type Fp8Inputs } from '../../fp8panel/inputs.ts';
import type { FileFormat, LoadResult, TensorJob, TensorResult } from '../../fp8panel/protocol.ts';

export const AUTO_RUN_ELEMENTS = 1 << 21;
/** The run bar's note while a typed field is invalid (the field shows the reason). */
export const FIELD_BLOCK = 'Fix the highlighted field to run.';
const DEBOUNCE_MS = 200;

export interface RunState<T> {
  status: 'idle' | 'running' | 'done' | 'error' | 'cancelled';
  fraction: number;
  stage: string;
  /** the last successful result, kept while a new run goes on or after a failure */
  result: T | null;
  /** inputs key of `result` */
  resultKey: string | null;
  /** inputs key of the run in progress or last attempted */
  runKey: string | null;
  error: string | null;
  /** wall time of the last finished run as the page saw it, ms */
  wallMs: number;
}

export interface FileState {
  fileId: string;
  name: string;
  size: number;
  /** the worker holds the bytes (false again after a worker restart) */
  loaded: boolean;
  loading: boolean;
  info: LoadResult | null;
  error: string | null;
}

export interface Fp8View {
  tensor: RunState<TensorResult>;
  accum: RunState<AccumResult>;
  file: FileState | null;
}

const idle = <T>(): RunState<T> => ({
  status: 'idle',
  fraction: 0,
  stage: '',
  result: null,
  resultKey: null,
  runKey: null,
  error: null,
  wallMs: 0,
});

/** Why the current inputs cannot run (a message for the run bar), or null. */
export function blockedReason(s: ReturnType<AppStore['getState']>, file: FileState | null): string | null {
  const { errors } = evaluateDrafts(s.fp8Drafts, s.fp8);
  if (activeFields(s.fp8).some((k) => errors[k])) return FIELD_BLOCK;
  if (s.fp8.methods.length === 0) return 'Choose at least one method.';
  if (s.fp8.source === 'file') {
    if (!file) return 'Choose a file to upload.';
    if (file.loading) return 'Reading the file…';
    if (file.error) return 'Choose a file the panel can read to run.';
    const expected = s.fp8.shape[0] * s.fp8.shape[1] * 4;
    if (s.fp8.fileFormat === 'raw' && file.size !== expected) {
      return `The shape ${s.fp8.shape[0]}x${s.fp8.shape[1]} needs ${expected.toLocaleString('en-US')} bytes (${(expected / 4).toLocaleString('en-US')} float32 values) but the file has ${file.size.toLocaleString('en-US')} bytes (${(file.size / 4).toLocaleString('en-US')} values).`;
    }
    if (s.fp8.fileFormat === 'npy' && !file.info?.npy) return 'The file was loaded as raw data; choose ".npy" to read its header.';
  }
  return null;
}

function tensorJobOf(i: Fp8Inputs, file: FileState | null): TensorJob | null {
  const spec = generatorSpec(i);
  const source: TensorJob['source'] | null = spec
    ? { type: 'generate', spec }
    : file
      ? { type: 'file', fileId: file.fileId, format: i.fileFormat, shape: i.fileFormat === 'raw' ? i.shape : null }
      : null;
  if (!source) return null;
  return {
    kind: 'tensor',
    source,
    methods: i.methods,
    overflow: i.overflow,
    requant: i.requant === 'off' ? null : { ue8m0: i.requant === 'ue8m0' },
  };
}

/** Elements the current inputs would quantize (0 when unknown). */
export function elementsOf(i: Fp8Inputs, file: FileState | null): number {
  if (i.source !== 'file') return i.shape[0] * i.shape[1];
  if (i.fileFormat === 'raw') return i.shape[0] * i.shape[1];
  const s = file?.info?.npy?.shape;
  return s ? s[0] * s[1] : 0;
}

export class Fp8Controller {
  private view: Fp8View = { tensor: idle(), accum: idle(), file: null };
  private readonly listeners = new Set<() => void>();
  /** tensor jobs and file loads; the accumulation sweep has a worker of its own so neither waits */
  private readonly client: Fp8Client;
  private readonly accumClient: Fp8Client;
  private tensorRun: Running<TensorResult> | null = null;
  private accumRun: Running<AccumResult> | null = null;
  private fileObj: File | null = null;
  private timers: { tensor?: ReturnType<typeof setTimeout>; accum?: ReturnType<typeof setTimeout> } = {};
  private nextFile = 1;

  constructor(
    private readonly store: AppStore,
    clients?: { tensor: Fp8Client; accum: Fp8Client },
  ) {
    this.client = clients?.tensor ?? new Fp8Client(undefined, () => this.onWorkerRestart());
    this.accumClient = clients?.accum ?? new Fp8Client();
    store.subscribe(
      (s) => s.fp8,
      () => this.inputsChanged(),
    );
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  getSnapshot = (): Fp8View => this.view;

  private patch(p: Partial<Fp8View>): void {
    this.view = { ...this.view, ...p };
    for (const fn of this.listeners) fn();
  }

  private patchTensor(p: Partial<RunState<TensorResult>>): void {
    this.patch({ tensor: { ...this.view.tensor, ...p } });
  }

  private patchAccum(p: Partial<RunState<AccumResult>>): void {
    this.patch({ accum: { ...this.view.accum, ...p } });
  }

  /** Key of the tensor job the inputs describe (null when they cannot run). */
  tensorKey(): string | null {
    const s = this.store.getState();
    if (blockedReason(s, this.view.file)) return null;
    const job = tensorJobOf(s.fp8, this.view.file);
    return job ? JSON.stringify(job) : null;
  }

  accumKey(): string {
    const i = this.store.getState().fp8;
    return JSON.stringify([i.accDist, i.promote, i.accOutputs]);
  }

  /** First mount of the panel: run what is cheap. */
  start(): void {
    if (this.view.tensor.status === 'idle') this.maybeAutoRun();
    if (this.view.accum.status === 'idle') this.runAccum();
  }

  private inputsChanged(): void {
    clearTimeout(this.timers.tensor);
    this.timers.tensor = setTimeout(() => this.maybeAutoRun(), DEBOUNCE_MS);
    if (this.accumKey() !== this.view.accum.runKey) {
      clearTimeout(this.timers.accum);
      this.timers.accum = setTimeout(() => this.runAccum(), DEBOUNCE_MS);
    }
    this.patch({}); // stale marks depend on the inputs
  }

  private maybeAutoRun(): void {
    const key = this.tensorKey();
    if (!key || key === this.view.tensor.runKey) return;
    const n = elementsOf(this.store.getState().fp8, this.view.file);
    if (n > 0 && n <= AUTO_RUN_ELEMENTS) void this.runTensor();
  }

  async runTensor(): Promise<void> {
    const s = this.store.getState();
    if (blockedReason(s, this.view.file)) return;
    if (s.fp8.source === 'file' && this.view.file && !this.view.file.loaded) {
      await this.reloadFile();
      if (!this.view.file?.loaded) return;
    }
    const job = tensorJobOf(this.store.getState().fp8, this.view.file);
    if (!job) return;
    const key = JSON.stringify(job);
    this.tensorRun?.cancel();
    const t0 = performance.now();
    this.patchTensor({ status: 'running', fraction: 0, stage: 'starting', runKey: key, error: null });
    const run = this.client.run(job, (fraction, stage) => {
      if (this.tensorRun === run) this.patchTensor({ fraction, stage });
    });
    this.tensorRun = run;
    const o = await run;
    if (this.tensorRun !== run) return; // superseded
    this.tensorRun = null;
    const wallMs = performance.now() - t0;
    if (o.status === 'done') this.patchTensor({ status: 'done', fraction: 1, result: o.value, resultKey: key, wallMs });
    else if (o.status === 'error') this.patchTensor({ status: 'error', error: o.message });
    else this.patchTensor({ status: 'cancelled' });
  }

  cancelTensor(): void {
    this.tensorRun?.cancel();
  }

  async runAccum(): Promise<void> {
    const i = this.store.getState().fp8;
    const key = this.accumKey();
    this.accumRun?.cancel();
    this.patchAccum({ status: 'running', fraction: 0, stage: 'accumulating', runKey: key, error: null });
    const run = this.accumClient.run(
      { kind: 'accum', spec: { dist: i.accDist, promote: i.promote, outputs: i.accOutputs, seed: 1, ks: ACCUM_KS } },
      (fraction, stage) => {
        if (this.accumRun === run) this.patchAccum({ fraction, stage });
      },
    );
    this.accumRun = run;
    const o = await run;
    if (this.accumRun !== run) return;
    this.accumRun = null;
    if (o.status === 'done') this.patchAccum({ status: 'done', fraction: 1, result: o.value, resultKey: key });
    else if (o.status === 'error') this.patchAccum({ status: 'error', error: o.message });
    else this.patchAccum({ status: 'cancelled' });
  }

  cancelAccum(): void {
    this.accumRun?.cancel();
  }

  /** A file chosen by the user: guess its format from the name, hand its bytes to the worker. */
  async setFile(file: File): Promise<void> {
    const format: FileFormat = /\.npy$/i.test(file.name) ? 'npy' : 'raw';
    this.fileObj = file;
    const st = this.store.getState();
    st.setFp8({ source: 'file', fileFormat: format });
    this.patch({
      file: { fileId: `f${this.nextFile++}`, name: file.name, size: file.size, loaded: false, loading: true, info: null, error: null },
    });
    await this.reloadFile();
    this.maybeAutoRun();
  }

  /** The user switched between .npy and raw for the loaded file. */
  async setFileFormat(format: FileFormat): Promise<void> {
    this.store.getState().setFp8({ fileFormat: format });
    if (this.view.file) await this.reloadFile();
    this.maybeAutoRun();
  }

  private async reloadFile(): Promise<void> {
    const file = this.fileObj;
    const cur = this.view.file;
    if (!file || !cur) return;
    const format = this.store.getState().fp8.fileFormat;
    this.patch({ file: { ...cur, loading: true, error: null } });
    let bytes: ArrayBuffer;
    try {
      bytes = await file.arrayBuffer();
    } catch (e) {
      this.patch({
        file: { ...cur, loading: false, error: `The file could not be read (${e instanceof Error ? e.message : String(e)}).` },
      });
      return;
    }
    const o = await this.client.run({ kind: 'load', fileId: cur.fileId, name: file.name, format, bytes });
    if (this.view.file?.fileId !== cur.fileId) return; // another file was chosen meanwhile
    if (o.status === 'done') this.patch({ file: { ...cur, loaded: true, loading: false, info: o.value, error: null } });
    else
      this.patch({
        file: {
          ...cur,
          loaded: false,
          loading: false,
          info: null,
          error: o.status === 'error' ? o.message : 'Reading the file was cancelled.',
        },
      });
  }

  private onWorkerRestart(): void {
    if (this.view.file) this.patch({ file: { ...this.view.file, loaded: false } });
  }
}

const controllers = new WeakMap<AppStore, Fp8Controller>();

/** Use this controller for the store (tests inject one with in-process workers). */
export function provideController(store: AppStore, c: Fp8Controller): void {
  controllers.set(store, c);
}

export function controllerFor(store: AppStore): Fp8Controller {
  let c = controllers.get(store);
  if (!c) {
    c = new Fp8Controller(store);
    controllers.set(store, c);
  }
  return c;
}
