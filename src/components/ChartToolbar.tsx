/** Above the chart: zoom buttons, Export and Import, the visible window, the renderer in use, the legend. */
import type { OpKind } from '../engine/index.ts';
import type { EngineOk } from '../pipeline/runEngine.ts';
import { useAppStore } from '../hooks/useAppStore.ts';
import type { Palette, ThemeName } from '../render/palette.ts';
import { formatTime, type Units } from '../render/scales.ts';
import type { RendererMode } from '../store/url.ts';
import { fieldErrorsOf } from '../store/validate.ts';
import { ZoomButtons } from './ZoomButtons.tsx';
import { ExportMenu } from './interop/ExportMenu.tsx';
import { ImportButton } from './interop/ImportButton.tsx';
import { Legend } from './Legend.tsx';

interface Props {
  /** the main chart's result: what Export writes */
  result: EngineOk;
  /** the comparison drawn below it (the exported figure has it too) */
  compare: EngineOk | null;
  theme: ThemeName;
  /** op kinds in the shown charts (the legend's entries) */
  kinds: ReadonlySet<OpKind>;
  domain: [number, number];
  units: Units;
  mode: 'svg' | 'canvas';
  visible: number;
  palette: Palette;
  dual: boolean;
  detailed: boolean;
  onZoom: (factor: number) => void;
}

export function ChartToolbar({ result, compare, theme, kinds, domain, units, mode, visible, palette, dual, detailed, onZoom }: Props) {
  const zoomed = useAppStore((s) => s.domain !== null);
  const setDomain = useAppStore((s) => s.setDomain);
  const renderer = useAppStore((s) => s.renderer);
  const setRenderer = useAppStore((s) => s.setRenderer);
  const stale = useAppStore((s) => Object.keys(fieldErrorsOf(s.drafts)).length > 0);
  return (
    <div className="toolbar">
      <ZoomButtons onZoom={onZoom} onReset={() => setDomain(null)} zoomed={zoomed} resetTestId="reset-zoom" />
      <div className="file-buttons" role="group" aria-label="Files">
        <ExportMenu result={result} compare={compare} theme={theme} />
        <ImportButton />
      </div>
      {stale ? (
        <span className="stale" data-testid="stale">
          showing the last valid parameters
        </span>
      ) : null}
      <span className="window muted" data-testid="window">
        {formatTime(domain[0], units)} – {formatTime(domain[1], units)}
      </span>
      <label className="inline renderer" title="SVG up to about 600 visible ops, canvas above (auto)">
        <span>Renderer</span>
        <select value={renderer} onChange={(e) => setRenderer(e.target.value as RendererMode)} aria-label="Renderer">
          <option value="auto">Auto ({mode})</option>
          <option value="svg">SVG</option>
          <option value="canvas">Canvas</option>
        </select>
        <span className="muted" data-testid="visible-ops">
          {visible.toLocaleString('en-US')} ops
        </span>
      </label>
      <Legend palette={palette} kinds={kinds} dual={dual} detailed={detailed} />
    </div>
  );
}
