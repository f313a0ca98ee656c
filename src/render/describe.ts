/**
 * Tooltip text for an op (or one of its pieces): what it is, when it ran, and what it waited
 * for — the binding constraint first (render/deps.ts). Plain strings: the view renders them as
 * text, never as HTML. Pure.
 */
import { FWD, GRAD, SENDS_ACTIVATION, SENDS_GRADIENT, sendTarget, type DependencyIndex, type SlotKind } from '../engine/index.ts';
import { halfLabel, waitInfo } from './deps.ts';
import { KIND_NAMES, rectAt, type Layout } from './layout.ts';
import type { LaneName } from './rows.ts';
import { formatTime, type Units } from './scales.ts';

export interface OpDescription {
  title: string;
  rows: [string, string][];
  /** each input and the rank itself, binding ones first and flagged */
  waits: { text: string; binding: boolean }[];
  piece: [string, string][] | null;
}

export function describeOp(
  layout: Layout,
  producers: DependencyIndex,
  units: Units,
  i: number,
  half: 0 | 1 | -1,
  lane: LaneName,
  piece: number,
): OpDescription {
  const o = rectAt(layout, i);
  const f = (t: number) => formatTime(t, units);
  const dirName = (d: number | undefined) => (layout.dual ? (d ? ' (reverse direction)' : ' (forward direction)') : '');
  const rows: [string, string][] = [['rank', String(o.rank)]];
  if (o.kind === 'FB') {
    rows.push(['forward', `stage ${o.stage}, micro-batch ${o.microbatch}${dirName(o.direction)}`]);
    rows.push(['backward', `stage ${o.backwardStage}, micro-batch ${o.backwardMicrobatch}${dirName(o.backwardDirection)}`]);
  } else {
    rows.push(['stage', `${o.stage}${dirName(o.direction)}`]);
    rows.push(['micro-batch', String(o.microbatch)]);
  }
  rows.push(['start', f(o.start)], ['end', f(o.end)], ['duration', f(o.end - o.start)]);

  const w = waitInfo(layout, producers, i);
  const waits: OpDescription['waits'] = [];
  const depText = (d: (typeof w.deps)[number]) => {
    const p = rectAt(layout, d.op);
    const via = d.rank === o.rank ? 'same rank' : `rank ${d.rank}${layout.comm > 0 ? `, +${f(layout.comm)} transfer` : ''}`;
    return `${halfLabel(p, p.kind === 'FB' ? d.half : -1)} (${via}) ready at ${f(d.arrival)}`;
  };
  for (const d of w.bindingDeps) waits.push({ text: depText(d), binding: true });
  if (w.bindingRank)
    waits.push({ text: `rank busy until ${f(w.rankFree)} with ${halfLabel(rectAt(layout, w.prevOp), -1)}`, binding: true });
  if (waits.length === 0)
    waits.push({ text: o.start === 0 ? 'nothing: first op of the pipeline' : `nothing binding (starts at ${f(o.start)})`, binding: true });
  for (const d of w.deps) if (!w.bindingDeps.includes(d)) waits.push({ text: depText(d), binding: false });
  if (!w.bindingRank && w.prevOp >= 0) waits.push({ text: `rank free since ${f(w.rankFree)}`, binding: false });

  let pieceRows: [string, string][] | null = null;
  const d = layout.detail;
  if (d && piece >= 0) {
    if (lane === 'pp') {
      const topo = layout.topology;
      const rankOf = (slot: SlotKind, stage: number) => topo.stageRank[sendTarget(topo, slot, stage)];
      const sends: string[] = [];
      if (d.sends[i] & SENDS_ACTIVATION) sends.push(`activation → rank ${rankOf(FWD, o.stage)}`);
      if (d.sends[i] & SENDS_GRADIENT) sends.push(`gradient → rank ${rankOf(GRAD, o.backwardStage ?? o.stage)}`);
      pieceRows = [
        ['PP send', sends.join('; ')],
        ['time', `${f(o.end)} – ${f(o.end + d.pp)} (${f(d.pp)})`],
      ];
    } else {
      const p = d.opChunks[i].streams[lane][piece];
      if (p)
        pieceRows = [
          [lane === 'comm' ? 'all-to-all' : 'piece', `${p.piece}, layer ${p.layer}`],
          ['time', `${f(o.start + p.start)} – ${f(o.start + p.end)} (${f(p.end - p.start)})`],
        ];
    }
  }
  const kindName = o.kind === 'FB' && half !== -1 ? `${KIND_NAMES.FB} — ${half === 0 ? 'forward' : 'backward'} half` : KIND_NAMES[o.kind];
  return { title: `${o.kind === 'FB' ? 'F&B' : o.kind} · ${kindName}`, rows, waits, piece: pieceRows };
}
