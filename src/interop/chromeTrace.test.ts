/**
 * Chrome trace export invariants (docs/interop.md §1), checked on the parsed JSON for every schedule:
 * traceEvents present; per (pid, tid) slices never partially overlap (Perfetto's nesting rule);
 * every flow start has exactly one finish and both bind inside a slice; processes and threads are
 * named; op slices carry real durations; otherData holds the project.
 */
import { describe, expect, it } from 'vitest';
import { buildSchedule, resolveCosts, simulate } from '../engine/index.ts';
import type { Timeline } from '../engine/index.ts';
import { detailedTimeline, getPreset, replayPair } from '../engine/overlap/index.ts';
import { chromeTrace, chunkTrace, traceJson, type ChromeTrace, type TraceEvent } from './chromeTrace.ts';
import { makeProject } from './projectFile.ts';
import { allConfigs } from './testing/configs.ts';

type Slice = Required<Pick<TraceEvent, 'pid' | 'tid' | 'ts' | 'dur' | 'name'>>;

/** Throws with the first problem; returns the X slices. */
function checkTrace(trace: ChromeTrace): Slice[] {
  const parsed = JSON.parse(traceJson(trace)) as ChromeTrace;
  expect(Array.isArray(parsed.traceEvents)).toBe(true);
  const slices = parsed.traceEvents.filter((e) => e.ph === 'X') as Slice[];
  const tracks = new Map<string, Slice[]>();
  for (const s of slices) {
    expect(s.dur).toBeGreaterThanOrEqual(0);
    const k = `${s.pid}:${s.tid}`;
    tracks.set(k, [...(tracks.get(k) ?? []), s]);
  }
  // Compare in integer ns, as Perfetto does after import (ts and dur converted separately), so
  // float noise in ts + dur cannot hide or invent an overlap.
  const ns = (x: number) => Math.round(x * 1000);
  for (const [k, list] of tracks) {
    list.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const open: number[] = [];
    for (const s of list) {
      const start = ns(s.ts);
      const end = start + ns(s.dur);
      while (open.length && open[open.length - 1] <= start) open.pop();
      if (open.length && end > open[open.length - 1])
        throw new Error(`track ${k}: ${s.name} at ${s.ts} partially overlaps a slice ending at ${open[open.length - 1]} ns`);
      open.push(end);
    }
  }
  const starts = new Map<number, TraceEvent>();
  const finishes = new Map<number, TraceEvent>();
  for (const e of parsed.traceEvents) {
    if (e.ph !== 's' && e.ph !== 'f') continue;
    const m = e.ph === 's' ? starts : finishes;
    expect(m.has(e.id!), `flow id ${e.id} ${e.ph} twice`).toBe(false);
    m.set(e.id!, e);
    if (e.ph === 'f') expect(e.bp).toBe('e');
    const host = tracks.get(`${e.pid}:${e.tid}`)?.find((s) => s.ts <= e.ts! && e.ts! <= s.ts + s.dur);
    expect(host, `flow ${e.id} ${e.ph} binds to no slice`).toBeDefined();
  }
  expect([...starts.keys()].sort()).toEqual([...finishes.keys()].sort());
  const names = new Set(parsed.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => `${e.pid}:${e.tid}`));
  for (const k of tracks.keys()) expect(names.has(k), `thread ${k} has no name`).toBe(true);
  const procs = new Set(parsed.traceEvents.filter((e) => e.ph === 'M' && e.name === 'process_name').map((e) => e.pid));
  for (const s of slices) expect(procs.has(s.pid)).toBe(true);
  return slices;
}

const opCount = (t: Timeline) => t.ops.reduce((n, r) => n + r.length, 0);
const KINDS = new Set(['F', 'B', 'I', 'W', 'F&B']);

describe('chromeTrace', () => {
  const cases = allConfigs().flatMap((p) => [
    [`${p.schedule} P=${p.ranks} M=${p.microbatches}${p.stagesPerRank ? ` v=${p.stagesPerRank}` : ''} comm=0`, p, 0] as const,
    [`${p.schedule} P=${p.ranks} M=${p.microbatches}${p.stagesPerRank ? ` v=${p.stagesPerRank}` : ''} comm=2.5`, p, 2.5] as const,
  ]);
  it.each(cases)('%s', (_, params, comm) => {
    const costs = resolveCosts({ F: 1, I: 0.75, W: 0.5, comm });
    const t = simulate(buildSchedule(params, costs), costs);
    const project = makeProject(params.schedule, params, costs);
    const trace = chromeTrace(t, { project });
    const slices = checkTrace(trace);
    const ops = slices.filter((s) => KINDS.has(s.name));
    expect(ops).toHaveLength(opCount(t));
    // real durations: cost units shown as ms
    const byRank = t.ops.flatMap((r) => r.map((o) => Math.round((o.end - o.start) * 1000 * 1000) / 1000));
    expect(ops.map((s) => s.dur).sort((a, b) => a - b)).toEqual(byRank.sort((a, b) => a - b));
    const flows = trace.traceEvents.filter((e) => e.ph === 's').length;
    if (params.ranks > 1) expect(flows).toBeGreaterThan(0);
    if (comm > 0) {
      expect(slices.filter((s) => s.name.startsWith('send(')).length).toBe(flows);
      expect(slices.filter((s) => s.name.startsWith('recv(')).length).toBe(flows);
    }
    expect(trace.otherData.project).toEqual(project);
    expect(trace.traceEvents.filter((e) => e.ph === 'C').length).toBeGreaterThan(0);
  });

  it('nests the pieces of the detailed mode in their ops and puts comm on its own tid', () => {
    const dt = detailedTimeline({ schedule: 'dualpipe', ranks: 4, microbatches: 8 }, getPreset('deepseek-v3-h800-measured').model, 20);
    const trace = chromeTrace(dt, { pieces: dt.pieces, usPerUnit: 1 });
    const slices = checkTrace(trace);
    const a2a = slices.filter((s) => /dispatch|combine/.test(s.name));
    expect(a2a.length).toBe(dt.pieces.reduce((n, s) => n + s.comm.length, 0));
    expect(new Set(a2a.map((s) => s.tid % 10))).toEqual(new Set([1]));
    expect(slices.filter((s) => /attn|mlp/.test(s.name)).every((s) => s.tid % 10 === 0)).toBe(true);
    expect(trace.otherData.timeUnit).toBe('1 cost unit = 1 µs');
    expect(chromeTrace(dt)).toEqual(trace);
  });

  it('traces one F&B pair on its streams', () => {
    const layer = {
      'attn(F)': 1,
      'mlp(F)': 1,
      'attn(B)': 2,
      'mlp(B)': 2,
      'attn(W)': 1,
      'mlp(W)': 1,
      'dispatch(F)': 1,
      'combine(F)': 1,
      'dispatch(B)': 1,
      'combine(B)': 1,
    };
    const pair = replayPair({ layers: [layer, { ...layer }], pp: { 'send(F)': 0.5, 'send(B)': 0.5 } });
    const slices = checkTrace(chunkTrace(pair));
    expect(slices.length).toBe(pair.streams.compute.length + pair.streams.comm.length + pair.streams.pp.length);
  });
});
