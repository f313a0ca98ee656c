/**
 * The profiler view: an imported PyTorch profiler (Kineto) trace, above the chart, which stays as
 * it was. With the overlap vocabulary's annotations (attn(F), dispatch(B), ...) it shows the
 * measured F&B pair beside the overlap model's replay of the same piece durations, the spans and
 * a table of per-piece durations; otherwise why there is no pair and the trace's GPU streams.
 * The pair is derived here from the stored segments (interop `pairPieces`), never stored.
 */
import './interop.css';
import { useMemo, useRef } from 'react';
import { downloadText } from '../../app/download.ts';
import { useAppStore } from '../../hooks/useAppStore.ts';
import { useSize } from '../../hooks/useSize.ts';
import { ImportError, pairPieces, pairSvg, type KinetoProfile, type MeasuredPair } from '../../interop/index.ts';
import { getPalette, type ThemeName } from '../../render/palette.ts';
import type { ImportedProfile } from '../../store/importSlice.ts';
import { fmtDelta, fmtUs } from './format.ts';
import { PairChart, PairLegend } from './PairChart.tsx';
import { PieceTable } from './PieceTable.tsx';

type PairOrProblem = { pair: MeasuredPair; problem: null } | { pair: null; problem: string };

export function pairOf(profile: KinetoProfile): PairOrProblem {
  try {
    return { pair: pairPieces(profile), problem: null };
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    return { pair: null, problem: e.message };
  }
}

/** `pipescope-pair-<file>.svg`, the file name reduced to safe characters. */
export function pairFileName(fileName: string): string {
  const base =
    fileName
      .replace(/\.(json|gz|txt)$/gi, '')
      .replace(/[^a-z0-9._-]+/gi, '_')
      .slice(0, 60) || 'trace';
  return `pipescope-pair-${base}.svg`;
}

export function ProfileView({ theme }: { theme: ThemeName }) {
  const imported = useAppStore((s) => s.profile);
  return imported ? <ProfilePanel imported={imported} theme={theme} /> : null;
}

function ProfilePanel({ imported, theme }: { imported: ImportedProfile; theme: ThemeName }) {
  const close = useAppStore((s) => s.showProfile);
  const palette = getPalette(
    useAppStore((s) => s.palette),
    theme,
  );
  const body = useRef<HTMLDivElement>(null);
  // content width: the body has 10 px padding each side (interop.css .profile-body)
  const { width } = useSize(body);
  const { profile, fileName } = imported;
  const view = useMemo(() => pairOf(profile), [profile]);
  const pair = view.pair;
  const download = () => {
    if (!pair) return;
    const svg = pairSvg({
      simulated: pair.simulated,
      measured: pair.measured,
      measuredSpan: pair.span,
      title: `F&B pair from ${fileName} · measured vs model`,
    });
    downloadText(svg, pairFileName(fileName), 'image/svg+xml');
  };
  const source = [profile.deviceName, profile.traceName].filter(Boolean).join(' · ');
  return (
    <section className="profile-view" aria-label="Profiler trace" data-testid="profile-view">
      <header className="profile-head">
        <h2>
          Profiler trace <span className="file">{fileName}</span>
        </h2>
        {source ? <span className="muted small">{source}</span> : null}
        <div className="profile-actions">
          {pair ? (
            <button type="button" onClick={download} data-testid="pair-download">
              Download SVG
            </button>
          ) : null}
          <button type="button" onClick={() => close(null)} data-testid="profile-close">
            Close
          </button>
        </div>
      </header>
      <div ref={body} className="profile-body">
        {pair ? (
          <>
            <p className="pair-summary" data-testid="pair-summary">
              Measured F&amp;B pair, {pair.pieces.layers.length} layer steps: span <strong>{fmtUs(pair.span)} µs</strong> · the model&apos;s
              replay of these pieces <strong>{fmtUs(pair.simulated.span)} µs</strong> ({fmtDelta(pair.simulated.span, pair.span)}) · model
              exposed comm {fmtUs(pair.simulated.exposedComm)} µs
            </p>
            <div className="pair-scroll">
              <PairChart pair={pair} palette={palette} width={Math.max(320, width - 20)} />
            </div>
            <PairLegend palette={palette} />
            <div className="pair-scroll">
              <PieceTable pair={pair} />
            </div>
          </>
        ) : (
          <>
            <p className="import-note" role="note" data-testid="pair-problem">
              No F&amp;B pair to show: {view.problem}
            </p>
            <StreamTable profile={profile} />
          </>
        )}
      </div>
    </section>
  );
}

function StreamTable({ profile }: { profile: KinetoProfile }) {
  return (
    <div className="pair-scroll">
      <table className="piece-table" data-testid="stream-table">
        <caption>GPU streams in the trace</caption>
        <thead>
          <tr>
            {['GPU', 'stream', 'role', 'kernels', 'segments', 'busy µs'].map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {profile.streams.map((s) => (
            <tr key={`${s.device}:${s.stream}`}>
              <td>{s.device}</td>
              <td>{s.stream}</td>
              <td>{s.role}</td>
              <td>{s.kernels}</td>
              <td>{s.segments.length}</td>
              <td>{fmtUs(s.segments.reduce((n, g) => n + g.busy, 0))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
