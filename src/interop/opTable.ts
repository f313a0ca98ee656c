/**
 * The per-op table (docs/interop.md §7 "CSV (tabular per op)"), for spreadsheets and pandas: one row
 * per op half, per overlap piece and per PP send, with the columns
 *
 *   rank,stage,chunk,direction,microbatch,op,lane,start,end,dur,sms,bytes,mem_after,time_unit
 *
 * - op: F, B, I, W; the halves of an overlapped pair are `F&B:F` and `F&B:B` (same start and end);
 *   an overlap piece is its name and layer, `attn(F)@0`; a transfer `send(F)` / `send(B)`.
 * - lane: `compute` (ops and their compute pieces), `a2a` (dispatch/combine pieces), `pp` (sends).
 * - start, end, dur: the timeline's unit — cost units, or µs in the detailed (overlap) mode or
 *   when the costs were given in µs; `time_unit` names it on every row: `cost` or `us` (a column
 *   after the documented ones, so the file says its unit without renaming them).
 * - stage: global stage index; chunk: its index among the rank's stages; direction: 0, or 1 for
 *   DualPipe's second pipeline (the engine's stageDirection); microbatch: 0-based.
 * - sms: in the detailed mode, SMs the row ran on (compute: N − S; all-to-all and sends: S).
 * - bytes: in the detailed mode, bytes per GPU an all-to-all piece or send moves.
 * - mem_after: on op rows, the rank's live activations after the op (A, as in the chart).
 * - split (only in tables of schedules with sequence splits, Seq1F1B): the op's sequence chunk.
 * Empty cells mean "not modelled". Rows are by rank, then time.
 */
import {
  FWD,
  activationsAfterOps,
  crossRankEdges,
  halfCount,
  halfMicrobatch,
  halfStage,
  halvesOf,
  stageChunk,
  stageDirection,
  type Op,
  type Timeline,
} from '../engine/index.ts';
import type { OverlapModel, PieceName, RankStreams } from '../engine/overlap/index.ts';

export const OP_TABLE_COLUMNS = [
  'rank',
  'stage',
  'chunk',
  'direction',
  'microbatch',
  'op',
  'lane',
  'start',
  'end',
  'dur',
  'sms',
  'bytes',
  'mem_after',
  'time_unit',
] as const;

/** What start, end and dur are measured in: unitless cost units or µs. */
export type OpTableTimeUnit = 'cost' | 'us';

export interface OpTableOverlap {
  model: OverlapModel;
  /** S, the SMs given to communication */
  commSms: number;
  /** the timeline's pieces placed per rank, PP sends included (engine overlap expandTimeline) */
  pieces: RankStreams[];
}

type Cell = string | number;

const num = (x: number) => {
  const v = Math.round(x * 1e6) / 1e6;
  return v === 0 ? 0 : v;
};

/** `unit`: the timeline's time unit (default: µs with the overlap model, else cost units). */
export function opTableCsv(timeline: Timeline, overlap?: OpTableOverlap, unit: OpTableTimeUnit = overlap ? 'us' : 'cost'): string {
  const { topology } = timeline.schedule;
  const ids = (stage: number, microbatch: number): Cell[] => [
    stage,
    stageChunk(topology, stage),
    stageDirection(topology, stage),
    microbatch,
  ];
  // a piece or send belongs to the forward half of an F&B, or to its backward half
  const halfOf = (op: Op, forward: boolean) => {
    const h = forward ? 0 : halfCount(op) - 1;
    return { stage: halfStage(op, h), microbatch: halfMicrobatch(op, h) };
  };
  const sms = overlap ? { compute: overlap.model.hardware.sms - overlap.commSms, comm: overlap.commSms } : null;
  const bytesOf = (piece: PieceName, layer: number): number | '' => {
    if (!overlap) return '';
    const b =
      piece === 'send(F)' || piece === 'send(B)'
        ? overlap.model.ppBytes[piece]
        : layer >= 0
          ? overlap.model.layers[layer]?.commBytes[piece as keyof OverlapModel['layers'][number]['commBytes']]
          : undefined;
    return b ? b.ib + b.nvlink : '';
  };
  const rows: { rank: number; t: number; order: number; cells: Cell[]; split?: number }[] = [];
  const splits = (timeline.schedule.seqSplits ?? 1) > 1;
  timeline.ops.forEach((ops, r) => {
    const after = activationsAfterOps(timeline, r);
    ops.forEach(({ op, start, end }, i) => {
      const alive = after[i];
      const halves = halvesOf(op).map((h) => [op.kind === 'FB' ? `F&B:${h.kind}` : h.kind, h] as const);
      for (const [name, h] of halves)
        rows.push({
          rank: r,
          t: start,
          order: 0,
          cells: [r, ...ids(h.stage, h.microbatch), name, 'compute', num(start), num(end), num(end - start), sms?.compute ?? '', '', alive],
          split: h.split ?? 0,
        });
    });
  });
  overlap?.pieces.forEach((lanes, r) => {
    for (const [lane, list, order] of [
      ['compute', lanes.compute, 1],
      ['a2a', lanes.comm, 1],
      ['pp', lanes.pp, 2],
    ] as const) {
      for (const p of list) {
        const h = halfOf(timeline.ops[r][p.op].op, !p.piece.endsWith('(B)') && !p.piece.endsWith('(W)'));
        const name = lane === 'pp' ? p.piece : `${p.piece}@${p.layer}`;
        rows.push({
          rank: r,
          t: p.start,
          order,
          cells: [
            r,
            ...ids(h.stage, h.microbatch),
            name,
            lane,
            num(p.start),
            num(p.end),
            num(p.end - p.start),
            lane === 'compute' ? sms!.compute : sms!.comm,
            lane === 'compute' ? '' : bytesOf(p.piece, p.layer),
            '',
          ],
        });
      }
    }
  });
  // without the overlap model the sends are the engine's comm latency after each cross-rank output
  const comm = timeline.costs.comm;
  if (!overlap && comm > 0) {
    for (const e of crossRankEdges(timeline.schedule)) {
      const [a, mb, what] = [e.fromRank, e.microbatch, e.slot === FWD ? 'F' : 'B'];
      const { op, end } = timeline.ops[a][e.fromIndex];
      const h = halfOf(op, what === 'F');
      rows.push({
        rank: a,
        t: end,
        order: 2,
        cells: [a, ...ids(h.stage, mb), what === 'F' ? 'send(F)' : 'send(B)', 'pp', num(end), num(end + comm), num(comm), '', '', ''],
        split: e.split,
      });
    }
  }
  // stable: by rank, then time; an op's row before its pieces and sends at the same instant
  rows.sort((x, y) => x.rank - y.rank || x.t - y.t || x.order - y.order);
  const header = splits ? [...OP_TABLE_COLUMNS, 'split'] : OP_TABLE_COLUMNS;
  const line = (row: (typeof rows)[number]) => `${row.cells.join(',')},${unit}${splits ? `,${row.split ?? ''}` : ''}`;
  return `${header.join(',')}\n${rows.map(line).join('\n')}\n`;
}
