/**
 * One "Import…" entry point for the app: sniffs the text and hands it to the right importer —
 * a pipescope SVG or project JSON (parameters), a PyTorch pipelining CSV (a custom schedule,
 * checked and simulated with the current costs) or a profiler trace (per-stream segments and,
 * when annotated with the overlap vocabulary, the measured F&B pair). Throws ImportError only.
 */
import type { Costs, Schedule, Timeline } from '../engine/index.ts';
import { ImportError } from './errors.ts';
import { pairPieces, parseKinetoData, type KinetoProfile, type MeasuredPair } from './kineto.ts';
import { checkImportText, parseImportJson } from './limits.ts';
import { makeProject, projectFromSvg, validateProject, type Project } from './projectFile.ts';
import { importTorchCsv } from './torchCsv.ts';

export type Imported =
  /** parameters to restore (the caller recomputes the view, e.g. with projectTimeline) */
  | { kind: 'project'; project: Project }
  /** a custom schedule with its timeline and the project that reproduces it */
  | { kind: 'schedule'; schedule: Schedule; timeline: Timeline; project: Project }
  /** a profiler trace; `pair` is null (with the reason) when it has no F&B pair annotations */
  | { kind: 'profile'; profile: KinetoProfile; pair: MeasuredPair | null; pairProblem?: string };

export function importAny(text: string, costs: Costs): Imported {
  checkImportText(text, 'the file');
  const head = text.trimStart().replace(/^\uFEFF/, '');
  if (head.startsWith('<')) return { kind: 'project', project: projectFromSvg(text) };
  if (head.startsWith('{') || head.startsWith('[')) {
    const data = parseImportJson(text, 'the file');
    const isTrace = Array.isArray(data) || (typeof data === 'object' && data !== null && 'traceEvents' in data);
    if (!isTrace) return { kind: 'project', project: validateProject(data) };
    const profile = parseKinetoData(data);
    try {
      return { kind: 'profile', profile, pair: pairPieces(profile) };
    } catch (e) {
      if (!(e instanceof ImportError)) throw e;
      return { kind: 'profile', profile, pair: null, pairProblem: e.message };
    }
  }
  const { schedule, timeline } = importTorchCsv(text, costs);
  return { kind: 'schedule', schedule, timeline, project: makeProject(schedule, {}, costs) };
}
