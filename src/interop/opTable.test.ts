/**
 * The per-op table (docs/interop.md §7): columns as specified, one row per op half, piece and send,
 * numbers that agree with the timeline they came from, for every schedule.
 */
import { describe, expect, it } from 'vitest';
import { FWD, activationSeries, buildSchedule, crossRankEdges, resolveCosts, simulate } from '../engine/index.ts';
import { detailedTimeline, getPreset } from '../engine/overlap/index.ts';
import { OP_TABLE_COLUMNS, opTableCsv } from './opTable.ts';
import { allConfigs } from './testing/configs.ts';

type Row = Record<(typeof OP_TABLE_COLUMNS)[number], string>;

function parse(csv: string): Row[] {
  const [head, ...lines] = csv.trimEnd().split('\n');
  // the documented columns, then the time unit of start/end/dur
  // (and the sequence chunk in tables of schedules with sequence splits)
  expect(head).toMatch(/^rank,stage,chunk,direction,microbatch,op,lane,start,end,dur,sms,bytes,mem_after,time_unit(,split)?$/);
  return lines.map((l) => {
    const cells = l.split(',');
    expect(cells).toHaveLength(head.split(',').length);
    return Object.fromEntries(OP_TABLE_COLUMNS.map((c, i) => [c, cells[i]])) as Row;
  });
}

describe('opTableCsv', () => {
  it('every schedule: a row per op half, with the op’s ids, times and the live activations after it', () => {
    for (const p of allConfigs()) {
      const t = simulate(buildSchedule(p, resolveCosts({ B: 2 })), resolveCosts({ B: 2 }));
      const rows = parse(opTableCsv(t));
      expect(rows.every((row) => row.time_unit === 'cost')).toBe(true);
      const halves = t.ops.flat().reduce((n, o) => n + (o.op.kind === 'FB' ? 2 : 1), 0);
      expect(rows, `${p.schedule} P=${p.ranks} M=${p.microbatches}`).toHaveLength(halves);
      t.ops.forEach((ops, r) => {
        const mine = rows.filter((row) => Number(row.rank) === r);
        // the engine's activation series: one point per allocation and per release, in op order
        const series = activationSeries(t, r);
        let point = 0;
        let k = 0;
        for (const { op, start, end } of ops) {
          point += (op.kind === 'F' || op.kind === 'FB' ? 1 : 0) + (op.kind === 'FB' || op.kind === 'B' || op.kind === 'W' ? 1 : 0);
          const after = series[point][1];
          const parts =
            op.kind === 'FB'
              ? ([
                  ['F&B:F', op.forward],
                  ['F&B:B', op.backward],
                ] as const)
              : ([[op.kind, op]] as const);
          for (const [name, h] of parts) {
            const row = mine[k++];
            expect([
              row.op,
              row.lane,
              Number(row.stage),
              Number(row.microbatch),
              Number(row.start),
              Number(row.end),
              Number(row.dur),
            ]).toEqual([name, 'compute', h.stage, h.microbatch, start, end, end - start]);
            expect(Number(row.chunk)).toBe(t.schedule.topology.rankStages[r].indexOf(h.stage));
            expect(row.direction).toBe(t.schedule.topology.splitMicrobatches && h.stage >= t.schedule.topology.numStages / 2 ? '1' : '0');
            expect(Number(row.mem_after)).toBe(after);
            expect([row.sms, row.bytes]).toEqual(['', '']);
          }
        }
      });
    }
  });

  it('with a comm latency: one pp row per cross-rank transfer, from the producing op’s end', () => {
    const c = resolveCosts({ comm: 0.5 });
    const t = simulate(buildSchedule({ schedule: 'dualpipe', ranks: 4, microbatches: 10 }, c), c);
    const rows = parse(opTableCsv(t));
    const pp = rows.filter((r) => r.lane === 'pp');
    const edges = crossRankEdges(t.schedule);
    expect(pp).toHaveLength(edges.length);
    for (const { fromRank: a, fromIndex: i, slot } of edges) {
      const what = slot === FWD ? 'F' : 'B';
      expect(
        pp.some((r) => Number(r.rank) === a && r.op === `send(${what})` && Number(r.start) === t.ops[a][i].end && Number(r.dur) === 0.5),
      ).toBe(true);
    }
    // ordered by rank, then time
    for (let k = 1; k < rows.length; k++)
      expect(Number(rows[k].rank) * 1e6 + Number(rows[k].start)).toBeGreaterThanOrEqual(
        Number(rows[k - 1].rank) * 1e6 + Number(rows[k - 1].start),
      );
  });

  it('detailed mode: every piece with its lane, SMs and bytes; busy time per rank and lane adds up', () => {
    const preset = getPreset('deepseek-v3-h800-measured');
    const d = detailedTimeline({ schedule: 'dualpipe', ranks: 4, microbatches: 10 }, preset.model, 20);
    const rows = parse(opTableCsv(d, { model: preset.model, commSms: 20, pieces: d.pieces }));
    expect(new Set(rows.map((row) => row.time_unit))).toEqual(new Set(['us']));
    const sms = preset.model.hardware.sms;
    d.pieces.forEach((lanes, r) => {
      const mine = rows.filter((row) => Number(row.rank) === r);
      const pieceRows = mine.filter((row) => row.op.includes('@'));
      expect(pieceRows.filter((row) => row.lane === 'compute')).toHaveLength(lanes.compute.length);
      expect(pieceRows.filter((row) => row.lane === 'a2a')).toHaveLength(lanes.comm.length);
      expect(mine.filter((row) => row.lane === 'pp')).toHaveLength(lanes.pp.length);
      const busy = (lane: string) => pieceRows.filter((row) => row.lane === lane).reduce((s, row) => s + Number(row.dur), 0);
      expect(busy('compute')).toBeCloseTo(d.rankMetrics[r].computeBusy, 3);
      expect(busy('a2a')).toBeCloseTo(d.rankMetrics[r].commBusy, 3);
      for (const row of pieceRows) {
        expect(row.sms).toBe(String(row.lane === 'compute' ? sms - 20 : 20));
        if (row.lane === 'a2a') {
          const [piece, layer] = row.op.split('@') as [keyof (typeof preset.model.layers)[0]['commBytes'], string];
          const b = preset.model.layers[Number(layer)].commBytes[piece];
          expect(Number(row.bytes)).toBe(b.ib + b.nvlink);
          expect(Number(row.bytes)).toBeGreaterThan(0);
        } else expect(row.bytes).toBe('');
      }
    });
    // op rows carry the compute SMs too; every piece lies inside an op row of its rank that has
    // the piece's stage and micro-batch (for an F&B pair: the half the piece belongs to)
    expect(rows.filter((r) => r.op === 'F&B:F').every((r) => r.sms === String(sms - 20))).toBe(true);
    const opRows = rows.filter((r) => r.lane === 'compute' && !r.op.includes('@'));
    for (const piece of rows.filter((r) => r.op.includes('@'))) {
      const owner = opRows.find(
        (o) =>
          o.rank === piece.rank &&
          Number(o.start) <= Number(piece.start) &&
          Number(piece.end) <= Number(o.end) &&
          o.stage === piece.stage &&
          o.microbatch === piece.microbatch,
      );
      expect(owner, `${piece.op} on rank ${piece.rank} at ${piece.start}`).toBeDefined();
      if (owner!.op.startsWith('F&B')) expect(owner!.op).toBe(piece.op.includes('(F)') ? 'F&B:F' : 'F&B:B');
    }
  });
});
