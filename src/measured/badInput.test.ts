/**
 * Bad input: each problem gets its own one-sentence ImportError naming what is wrong, never a crash
 * (docs/measured.md §10).
 */
import { describe, expect, it } from 'vitest';
import { buildSchedule, resolveCosts, simulate } from '../engine/index.ts';
import { ImportError } from '../interop/errors.ts';
import { MAX_TRACE_BYTES, readTraceFiles, type TraceFile } from './files.ts';
import { fixtureFiles, fixtureText } from './testing/fixtures.ts';
import { synthMegatronFiles, synthTorchTraces } from './testing/synth.ts';

const I1F1B = 'Interleaved1F1B_p4_m8_v2';
type Ev = { name?: string; ts?: number; dur?: number; ph?: string; cat?: string };
type Trace = { traceEvents: Ev[]; distributedInfo?: unknown };

function rejects(files: TraceFile[]): string {
  try {
    readTraceFiles(files);
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    const message = (e as Error).message;
    expect(message).not.toMatch(/[\r\n]/);
    expect(message.length).toBeLessThanOrEqual(300);
    return message;
  }
  throw new Error('expected an ImportError');
}

const edit = (f: TraceFile, change: (t: Trace) => void): TraceFile => {
  const data = JSON.parse(f.text) as Trace;
  change(data);
  return { ...f, text: JSON.stringify(data) };
};

const costs = resolveCosts({ F: 1000, I: 1000, W: 1000, comm: 50 });
const synth = (options: Parameters<typeof synthTorchTraces>[1]) =>
  synthTorchTraces(simulate(buildSchedule({ schedule: '1f1b', ranks: 3, microbatches: 4 }, costs), costs), options).map((d, r) => ({
    name: `rank${r}.json`,
    text: JSON.stringify(d),
  }));

describe('bad traces', () => {
  it('no PP: ranges (Schedule1F1B): says which ranges it looked for and why there are none', () => {
    const m = rejects(fixtureFiles('1F1B_p4_m8'));
    expect(m).toMatch(/^rank0\.pt\.trace\.json has no "PP:" ranges: looked for user_annotation ranges named PP:<action> \(PP:0F0/);
    expect(m).toMatch(/single-stage ones such as Schedule1F1B and ScheduleGPipe record none$/);
  });

  it('a missing rank, with the world size the traces report', () => {
    expect(rejects(fixtureFiles(I1F1B, [0, 1, 3]))).toBe(
      'rank 2 is missing: the files hold ranks 0, 1, 3 of world size 4; give one trace per rank',
    );
  });

  it('a missing rank without a world size: the stages nobody holds', () => {
    const noInfo = (ranks: number[]) =>
      fixtureFiles(I1F1B, ranks).map((f) =>
        edit(f, (t) => {
          delete t.distributedInfo;
        }),
      );
    expect(rejects(noInfo([0, 1, 3]))).toMatch(/^no file holds stage 2: the trace of the rank that runs it is missing/);
    // the last rank: stage 3 is only named by the others' SEND_F/RECV_B
    expect(rejects(noInfo([0, 1, 2]))).toMatch(/^no file holds stage 3/);
  });

  it('one pipeline group of a data-parallel world is complete when the trace reports that group', () => {
    const global = (groups: number[][]) =>
      synth({}).map((f, r) =>
        edit(f, (t) => {
          t.distributedInfo = { rank: 2 * r, world_size: 6, pg_config: groups.map((ranks) => ({ ranks })) };
        }),
      );
    const run = readTraceFiles(
      global([
        [0, 1, 2, 3, 4, 5],
        [0, 2, 4],
      ]),
    );
    expect(run.ranks).toBe(3);
    expect(run.notes).toContain('ranks 0, 2, 4 were numbered 0..2 in that order as pipeline ranks');
    expect(rejects(global([[0, 1, 2, 3, 4, 5]]))).toMatch(/^ranks 1, 3, 5 are missing: the files hold ranks 0, 2, 4 of world size 6/);
  });

  it('two files for one rank', () => {
    const [r0] = fixtureFiles(I1F1B, [0]);
    expect(rejects([...fixtureFiles(I1F1B), { ...r0, name: 'copy/rank0.json' }])).toMatch(
      /^two files hold rank 0 \(.*rank0.*copy\/rank0\.json\)/,
    );
  });

  it('files from different profiler steps', () => {
    expect(rejects(synth({ step: (r) => (r === 1 ? 8 : 7) }))).toBe(
      'the files are from different steps: rank 0 holds ProfilerStep#7 but rank 1 holds ProfilerStep#8; import the same step from every rank',
    );
  });

  it('one file holding two steps', () => {
    const [r0, ...others] = fixtureFiles(I1F1B);
    const twice = edit(r0, (t) => {
      const again = t.traceEvents.filter((e) => e.name?.startsWith('PP:')).map((e) => ({ ...e, ts: e.ts! + 1e6 }));
      t.traceEvents.push(...again);
    });
    expect(rejects([twice, ...others])).toMatch(/^rank 0 \(.*\) runs F s0 mb0 twice .*: the trace holds more than one step/);
  });

  it('mismatched micro-batch counts', () => {
    const files = fixtureFiles(I1F1B).map((f, r) =>
      r === 3 ? edit(f, (t) => (t.traceEvents = t.traceEvents.filter((e) => !/^PP:\d+[A-Z_]*7$/.test(e.name ?? '')))) : f,
    );
    expect(rejects(files)).toMatch(
      /^the micro-batch counts do not match: stage 0 \(rank 0\) runs 8 forward micro-batches but stage 3 \(rank 3\) runs 7; every stage of one step runs the same micro-batches$/,
    );
  });

  it('malformed JSON, empty files, other JSON and a rank that cannot be told', () => {
    const text = fixtureText(I1F1B, 'rank0.pt.trace.json');
    expect(rejects([{ name: 'rank0.json', text: text.slice(0, 5000) }])).toMatch(
      /^rank0\.json is not valid JSON \(it may be truncated\): /,
    );
    expect(rejects([{ name: 'rank0.json', text: '  \n' }])).toBe('rank0.json is empty');
    expect(rejects([{ name: 'meta.json', text: '{"num_ranks": 4}' }])).toMatch(/^meta\.json is neither a PyTorch profiler trace/);
    const anonymous = edit({ name: 'step.json', text }, (t) => delete t.distributedInfo);
    expect(rejects([anonymous])).toBe(
      'cannot tell which rank wrote step.json: it has no distributedInfo.rank and its name has no "rank<N>"',
    );
  });

  it('a text over the trace limit', () => {
    expect(rejects([{ name: 'huge.json', text: ' '.repeat(MAX_TRACE_BYTES + 1) }])).toMatch(
      /^huge\.json is larger than the trace limit of 256 MB/,
    );
  });

  it('a mix of formats', () => {
    const megatron = synthMegatronFiles(simulate(buildSchedule({ schedule: '1f1b', ranks: 2, microbatches: 2 }, costs), costs));
    const files = [...fixtureFiles(I1F1B, [0]), { name: megatron[1].name, text: JSON.stringify(megatron[1].data) }];
    expect(rejects(files)).toMatch(/is a torch-profiler file but .* is a megatron-pp-timer file; give files of one kind$/);
  });

  it('Megatron PP-timer files with a missing end or no rank in the name', () => {
    expect(rejects([{ name: 'event_times_PP2_VPP1_TPxCPxDP_rank_0_pp_rank_0_rank_0.json', text: '{"forward-0-start": 1.5}' }])).toMatch(
      /has "forward-0-0-start" but no "forward-0-0-end"$/,
    );
    expect(rejects([{ name: 'times.json', text: '{"forward-0-start": 1, "forward-0-end": 2}' }])).toMatch(
      /^cannot tell which pipeline rank wrote times\.json/,
    );
  });
});
