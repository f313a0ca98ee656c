/**
 * One "Import…" entry point for the app: sniffs the text and hands it to the right importer —
 * a pipescope SVG or project JSON (parameters), pipescope's own Chrome trace (the project in its
 * otherData), pipescope's op table CSV (its op order and costs, opTableImport.ts), a PyTorch
 * pipelining CSV (a custom schedule, checked and simulated with the current costs) or a profiler
 * trace (per-stream segments and, when annotated with the overlap vocabulary, the measured F&B
 * pair). An image or other binary file is refused with what to import instead, never read as
 * text of another format. Throws ImportError only.
 */
import type { Costs, Schedule, Timeline } from '../engine/index.ts';
import { ImportError } from './errors.ts';
import { pairPieces, parseKinetoData, type KinetoProfile, type MeasuredPair } from './kineto.ts';
import { checkImportText, parseImportJson } from './limits.ts';
import { makeProject, projectFromSvg, validateProject, type Project } from './projectFile.ts';
import { importOpTable, isOpTable } from './opTableImport.ts';
import { importTorchCsv } from './torchCsv.ts';

export type Imported =
  /** parameters to restore (the caller recomputes the view, e.g. with projectTimeline);
   *  `from` says which export they were read from when it was not a project or SVG */
  | { kind: 'project'; project: Project; from?: 'trace' | 'op table'; note?: string }
  /** a custom schedule with its timeline and the project that reproduces it */
  | { kind: 'schedule'; schedule: Schedule; timeline: Timeline; project: Project }
  /** a profiler trace; `pair` is null (with the reason) when it has no F&B pair annotations */
  | { kind: 'profile'; profile: KinetoProfile; pair: MeasuredPair | null; pairProblem?: string };

/** PNG's signature as UTF-8 decoding (0x89 → U+FFFD) or Latin-1 decoding leaves it. */
const PNG = /^[\uFFFD\u0089]PNG\r\n\u001A\n/;

/** Refuses images and other binary files with what to import instead. */
export function refuseBinary(text: string): void {
  if (PNG.test(text))
    throw new ImportError('this is an image export (PNG), which holds no parameters; import the SVG or project file instead');
  // text formats never hold NUL; binaries (JPEG, zip, PDF streams...) soon do
  if (text.slice(0, 4096).includes('\u0000'))
    throw new ImportError(
      'this is a binary file, not one pipescope reads; import a pipescope project (.json) or SVG, its op table or PyTorch CSV, or a profiler trace (.json, .json.gz)',
    );
}

/** The project pipescope's own Chrome trace carries in otherData (chromeTrace.ts), if any. */
function traceProject(data: unknown): unknown {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const other = (data as { otherData?: unknown }).otherData;
  if (typeof other !== 'object' || other === null) return undefined;
  const o = other as { generator?: unknown; project?: unknown };
  return o.generator === 'pipescope' ? o.project : undefined;
}

export function importAny(text: string, costs: Costs): Imported {
  checkImportText(text, 'the file');
  refuseBinary(text);
  const head = text.trimStart().replace(/^\uFEFF/, '');
  if (head.startsWith('<')) return { kind: 'project', project: projectFromSvg(text) };
  if (head.startsWith('{') || head.startsWith('[')) {
    const data = parseImportJson(text, 'the file');
    const isTrace = Array.isArray(data) || (typeof data === 'object' && data !== null && 'traceEvents' in data);
    if (!isTrace) return { kind: 'project', project: validateProject(data) };
    const own = traceProject(data);
    if (own !== undefined) {
      try {
        return { kind: 'project', project: validateProject(own), from: 'trace' };
      } catch (e) {
        if (e instanceof ImportError)
          throw new ImportError(`this pipescope trace's parameters (otherData.project) are unreadable: ${e.message}`);
        throw e;
      }
    }
    const profile = parseKinetoData(data);
    try {
      return { kind: 'profile', profile, pair: pairPieces(profile) };
    } catch (e) {
      if (!(e instanceof ImportError)) throw e;
      return { kind: 'profile', profile, pair: null, pairProblem: e.message };
    }
  }
  if (isOpTable(head)) {
    const t = importOpTable(text);
    const project = makeProject(t.schedule, {}, t.costs);
    return {
      kind: 'project',
      project: t.costUnit === 'us' ? { ...project, costUnit: 'us' } : project,
      from: 'op table',
      ...(t.detailed
        ? { note: 'the table holds op times, not the overlap model: its op timeline is shown with those costs in µs, without the pieces' }
        : {}),
    };
  }
  const { schedule, timeline } = importTorchCsv(text, costs);
  return { kind: 'schedule', schedule, timeline, project: makeProject(schedule, {}, costs) };
}
