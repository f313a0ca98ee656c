/**
 * Fuzzing the two trace readers with fast-check (≥ 1000 corrupted inputs each): truncated text,
 * random bytes, fields of the wrong type, missing fields, shuffled events. Nothing but ImportError
 * escapes, every message is one line, whatever is accepted analyses without error, and shuffling
 * a trace's events changes nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSchedule, resolveCosts, simulate } from '../engine/index.ts';
import { ImportError } from '../interop/errors.ts';
import { analyzeRun } from './analyze.ts';
import { readTraceFiles, type TraceFile } from './files.ts';
import { traceReport } from './report.ts';
import { fixtureFiles } from './testing/fixtures.ts';
import { synthMegatronFiles, synthTorchTraces } from './testing/synth.ts';

const RUNS = 1200;
const costs = resolveCosts({ F: 1000, I: 800, W: 600, comm: 40 });
const timeline = (schedule: 'zb-h1' | '1f1b', P: number, M: number) =>
  simulate(buildSchedule({ schedule, ranks: P, microbatches: M }, costs), costs);

function outcome(files: TraceFile[]): 'ok' | 'rejected' {
  try {
    traceReport(analyzeRun(readTraceFiles(files)));
    return 'ok';
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    expect(e.message.length).toBeGreaterThan(10);
    expect(e.message).not.toMatch(/[\r\n]/);
    return 'rejected';
  }
}

function tally(name: string, counts: Record<string, number>) {
  console.info(`fuzz ${name}: ${counts.ok} accepted, ${counts.rejected} rejected`);
  expect(counts.ok + counts.rejected).toBeGreaterThanOrEqual(1000);
  expect(counts.ok).toBeGreaterThan(0);
  expect(counts.rejected).toBeGreaterThan(0);
}

type Json = Record<string, unknown>;

/** A corruption of a JSON text: a function of the text and of the parsed data. */
const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined), fc.constant(NaN), fc.constant(-1e308));

function corruptions(paths: (data: Json) => Json[]) {
  return fc.oneof(
    // truncated text
    fc.double({ min: 0, max: 1, noNaN: true }).map((f) => (text: string) => text.slice(0, Math.floor(text.length * f))),
    // random bytes
    fc
      .array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.string({ minLength: 1, maxLength: 3 })), {
        minLength: 1,
        maxLength: 4,
      })
      .map((edits) => (text: string) => {
        let t = text;
        for (const [f, s] of edits) {
          const at = Math.floor(t.length * f);
          t = t.slice(0, at) + s + t.slice(at + s.length);
        }
        return t;
      }),
    // a field of the wrong type, or a missing field, in some object of the file
    fc.tuple(fc.nat(), fc.nat(), anyValue, fc.boolean()).map(([i, j, value, drop]) => (text: string) => {
      const data = JSON.parse(text) as Json;
      const objects = paths(data);
      const o = objects[i % objects.length];
      const keys = Object.keys(o);
      const key = keys[j % keys.length];
      if (drop || value === undefined) delete o[key];
      else o[key] = value;
      return JSON.stringify(data);
    }),
  );
}

describe('fuzz', () => {
  it('torch profiler traces', () => {
    const counts = { ok: 0, rejected: 0 };
    const base = synthTorchTraces(timeline('zb-h1', 3, 4)).map((d, r) => ({ name: `rank${r}.json`, text: JSON.stringify(d) }));
    const events = (d: Json) => [d, ...(d.traceEvents as Json[]), ...(d.distributedInfo ? [d.distributedInfo as Json] : [])];
    fc.assert(
      fc.property(fc.nat({ max: 2 }), corruptions(events), (rank, corrupt) => {
        const files = base.map((f, r) => (r === rank ? { ...f, text: corrupt(f.text) } : f));
        counts[outcome(files)]++;
      }),
      { numRuns: RUNS, seed: 21 },
    );
    tally('torch traces', counts);
  });

  it('a real torch trace, corrupted', () => {
    const counts = { ok: 0, rejected: 0 };
    const base = fixtureFiles('Interleaved1F1B_p4_m8_v2');
    const pp = (d: Json) => (d.traceEvents as Json[]).filter((e) => String(e.name).startsWith('PP:') || String(e.name).startsWith('gloo'));
    fc.assert(
      fc.property(fc.nat({ max: 3 }), corruptions(pp), (rank, corrupt) => {
        const files = base.map((f, r) => (r === rank ? { ...f, text: corrupt(f.text) } : f));
        counts[outcome(files)]++;
      }),
      { numRuns: 250, seed: 22 },
    );
    console.info(`fuzz real trace: ${counts.ok} accepted, ${counts.rejected} rejected`);
    expect(counts.ok).toBeGreaterThan(0);
    expect(counts.rejected).toBeGreaterThan(0);
  });

  it('shuffled events import to the same step', () => {
    const base = synthTorchTraces(timeline('1f1b', 3, 5));
    const reference = JSON.stringify(
      traceReport(analyzeRun(readTraceFiles(base.map((d, r) => ({ name: `rank${r}.json`, text: JSON.stringify(d) }))))),
    );
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 3, maxLength: 3 }), (seeds) => {
        const files = base.map((d, r) => {
          const evs = [...(d.traceEvents as Json[])];
          let s = seeds[r] + 1;
          for (let i = evs.length - 1; i > 0; i--) {
            s = (s * 1103515245 + 12345) % 2147483648;
            const j = s % (i + 1);
            [evs[i], evs[j]] = [evs[j], evs[i]];
          }
          return { name: `rank${r}.json`, text: JSON.stringify({ ...d, traceEvents: evs }) };
        });
        expect(JSON.stringify(traceReport(analyzeRun(readTraceFiles(files))))).toBe(reference);
      }),
      { numRuns: 100, seed: 23 },
    );
  });

  it('Megatron PP-timer files', () => {
    const counts = { ok: 0, rejected: 0 };
    const base = synthMegatronFiles(timeline('1f1b', 3, 4)).map((f) => ({ name: f.name, text: JSON.stringify(f.data) }));
    fc.assert(
      fc.property(
        fc.nat({ max: 2 }),
        corruptions((d) => [d]),
        (rank, corrupt) => {
          const files = base.map((f, r) => (r === rank ? { ...f, text: corrupt(f.text) } : f));
          counts[outcome(files)]++;
        },
      ),
      { numRuns: RUNS, seed: 24 },
    );
    tally('Megatron PP-timer', counts);
  });
});
