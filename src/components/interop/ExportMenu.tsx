/**
 * "Export ▾" in the chart toolbar: a WAI-ARIA menu button. Enter, Space or ↓ opens it on the
 * first item (↑ on the last), ↑/↓/Home/End move, Enter runs, Escape or Tab closes and focus
 * returns to the button. Each file item downloads one file of the main chart (pipeline/
 * exportFiles.ts): SVG, PNG at 2× (rasterised from that SVG), Chrome trace, PyTorch CSV, op table,
 * project JSON. The SVG and PNG are the figure on screen — theme, palette, highlighted micro-batch,
 * comparison chart — over the range the two radio items at the end choose: the whole schedule or
 * the visible window. A PNG of a large schedule takes seconds: its steps show beside the button.
 *
 * Why a portal: the toolbar has `contain: paint` (styles.css, for fast re-layout), which would
 * clip a dropdown; the menu is rendered into <body> at fixed coordinates under the button, or
 * above it when the window has no room below (a narrow page scrolled to a low toolbar).
 */
import './interop.css';
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { downloadBlob, downloadText } from '../../app/download.ts';
import type { ExportKind, ExportView } from '../../pipeline/exportFiles.ts';
import type { EngineOk } from '../../pipeline/runEngine.ts';
import { useAppStore, useStoreApi } from '../../hooks/useAppStore.ts';
import type { ThemeName } from '../../render/palette.ts';
import type { PngStage } from '../../render/pngExport.ts';
import { formatTime } from '../../render/scales.ts';

/** The menu's entries, in order, with what each writes (shown as the item's description). */
export const EXPORTS: readonly { kind: ExportKind; label: string; detail: string }[] = [
  { kind: 'svg', label: 'SVG', detail: 'standalone figure; re-opens here (Import)' },
  { kind: 'png', label: 'PNG (2×)', detail: 'the SVG rasterised at twice its size' },
  { kind: 'trace', label: 'Chrome trace', detail: 'JSON for Perfetto / chrome://tracing' },
  { kind: 'csv', label: 'PyTorch CSV', detail: 'pipelining action order (torchtitan)' },
  { kind: 'table', label: 'Op table CSV', detail: 'a row per op, piece and send, for spreadsheets' },
  { kind: 'project', label: 'Project', detail: 'JSON with every parameter' },
];

/** What range the SVG and PNG cover. */
export type ExportRange = 'whole' | 'window';

/** the file items, then the two range radios */
const n = EXPORTS.length + 2;

/** menu width, px (styles: .export-menu); kept inside the window on narrow screens */
const MENU_WIDTH = 290;

/** The steps of a PNG export, in order, as the status line names them. */
const PNG_STEPS: Record<'svg' | PngStage, string> = {
  svg: 'writing the SVG',
  decode: 'rasterising',
  draw: 'drawing',
  encode: 'encoding the PNG',
};
const STEP_ORDER = Object.keys(PNG_STEPS) as (keyof typeof PNG_STEPS)[];

/** Lets the browser paint (a status change) before a long synchronous step. */
const painted = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

/** The writers (interop renderers, PNG rasteriser) load on first use, off the page's first load. */
async function runExport(kind: ExportKind, result: EngineOk, view: ExportView, step: (s: keyof typeof PNG_STEPS) => void): Promise<void> {
  const { exportText } = await import('../../pipeline/exportFiles.ts');
  if (kind !== 'png') {
    const f = kind === 'svg' ? exportText('svg', result, view) : exportText(kind, result);
    downloadText(f.text, f.name, f.type);
    return;
  }
  step('svg');
  await painted();
  const svg = exportText('svg', result, view);
  const { svgToPngBlob } = await import('../../render/pngExport.ts');
  downloadBlob(await svgToPngBlob(svg.text, { scale: 2, onStage: step }), svg.name.replace(/\.svg$/, '.png'));
}

interface Props {
  /** the main chart: what the files describe */
  result: EngineOk;
  /** the comparison chart drawn below it, if any (in the SVG and PNG) */
  compare?: EngineOk | null;
  /** the theme the charts are drawn in */
  theme?: ThemeName;
}

export function ExportMenu({ result, compare = null, theme = 'light' }: Props) {
  const store = useStoreApi();
  const [range, setRange] = useState<ExportRange>('whole');
  const [step, setStep] = useState<keyof typeof PNG_STEPS | null>(null);
  const zoomed = useAppStore((s) => s.domain);
  const [open, setOpen] = useState<null | { first: boolean }>(null);
  const [pos, setPos] = useState({ left: 0, top: 0 });
  const button = useRef<HTMLButtonElement>(null);
  const items = useRef<(HTMLButtonElement | null)[]>([]);
  const menu = useRef<HTMLDivElement>(null);
  /** the button's place when the menu was opened, client px */
  const anchor = useRef({ top: 0, left: 0 });
  const notify = useAppStore((s) => s.notify);

  const show = (first: boolean) => {
    const r = button.current!.getBoundingClientRect();
    anchor.current = { top: r.top, left: r.left };
    setPos({ left: Math.max(8, Math.min(r.left, window.innerWidth - MENU_WIDTH - 8)), top: r.bottom + 4 });
    setOpen({ first });
  };
  const close = (refocus: boolean) => {
    setOpen(null);
    if (refocus) button.current?.focus();
  };

  // before the menu is painted: flip it above the button when it would run off the window's bottom
  useLayoutEffect(() => {
    const el = menu.current;
    const r = button.current?.getBoundingClientRect();
    if (!open || !el || !r) return;
    const h = el.getBoundingClientRect().height;
    if (r.bottom + 4 + h > window.innerHeight - 8 && r.top - 4 - h >= 8) setPos((p) => ({ ...p, top: r.top - 4 - h }));
  }, [open]);

  useEffect(() => {
    if (!open) return;
    items.current[open.first ? 0 : n - 1]?.focus();
    const outside = (e: PointerEvent) => {
      const t = e.target as Node;
      if (!menu.current?.contains(t) && !button.current?.contains(t)) setOpen(null);
    };
    // fixed coordinates go stale when the page moves under them; a scroll event can also arrive
    // just after the menu opened for a scroll that happened before (the browser dispatches it at
    // the next frame), which moved nothing since the menu was placed
    const dismiss = () => setOpen(null);
    const scrolled = () => {
      const r = button.current?.getBoundingClientRect();
      if (!r || r.top !== anchor.current.top || r.left !== anchor.current.left) setOpen(null);
    };
    document.addEventListener('pointerdown', outside);
    window.addEventListener('resize', dismiss);
    window.addEventListener('scroll', scrolled, true);
    return () => {
      document.removeEventListener('pointerdown', outside);
      window.removeEventListener('resize', dismiss);
      window.removeEventListener('scroll', scrolled, true);
    };
  }, [open]);

  const choose = (kind: ExportKind) => {
    close(true);
    const s = store.getState();
    const view: ExportView = {
      theme,
      palette: s.palette,
      domain: range === 'window' ? s.domain : null,
      microbatch: s.selectedMb,
      compare,
    };
    runExport(kind, result, view, setStep)
      .catch((e: unknown) => notify(`Export failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => setStep(null));
  };

  const onButtonKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      show(e.key === 'ArrowDown');
    }
  };
  const onMenuKey = (e: KeyboardEvent) => {
    const i = items.current.indexOf(document.activeElement as HTMLButtonElement);
    const to = { ArrowDown: (i + 1) % n, ArrowUp: (i - 1 + n) % n, Home: 0, End: n - 1 }[e.key];
    if (to !== undefined) {
      e.preventDefault();
      items.current[to]?.focus();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close(true);
    } else if (e.key === 'Tab') close(false);
  };

  return (
    <>
      <button
        ref={button}
        type="button"
        className="menu-button"
        aria-haspopup="menu"
        aria-expanded={open !== null}
        aria-controls={open ? 'export-menu' : undefined}
        data-testid="export-button"
        title="Download this chart as SVG, PNG, Chrome trace, PyTorch CSV or project JSON"
        onClick={() => (open ? close(false) : show(true))}
        onKeyDown={onButtonKey}
      >
        Export <span aria-hidden="true">▾</span>
      </button>
      {open
        ? createPortal(
            <div
              ref={menu}
              id="export-menu"
              className="export-menu"
              role="menu"
              aria-label="Export"
              style={{ left: pos.left, top: pos.top, width: MENU_WIDTH }}
              onKeyDown={onMenuKey}
            >
              {EXPORTS.map((x, i) => (
                <button
                  key={x.kind}
                  ref={(el) => {
                    items.current[i] = el;
                  }}
                  type="button"
                  role="menuitem"
                  tabIndex={-1}
                  data-export={x.kind}
                  // one PNG at a time; still focusable, as a disabled menu item should be
                  aria-disabled={x.kind === 'png' && step !== null ? true : undefined}
                  onClick={() => (x.kind === 'png' && step !== null ? undefined : choose(x.kind))}
                >
                  <span className="label">{x.label}</span>
                  <span className="detail">{x.detail}</span>
                </button>
              ))}
              <div role="group" aria-label="Range of the SVG and PNG" className="export-range">
                {(
                  [
                    ['whole', 'Whole schedule', 'from 0 to the last op'],
                    [
                      'window',
                      'Visible window',
                      zoomed
                        ? `${formatTime(zoomed[0], result.units)} – ${formatTime(zoomed[1], result.units)}`
                        : 'not zoomed: the whole schedule',
                    ],
                  ] as const
                ).map(([value, label, detail], k) => (
                  <button
                    key={value}
                    ref={(el) => {
                      items.current[EXPORTS.length + k] = el;
                    }}
                    type="button"
                    role="menuitemradio"
                    aria-checked={range === value}
                    tabIndex={-1}
                    data-range={value}
                    onClick={() => setRange(value)}
                  >
                    <span className="label">{label}</span>
                    <span className="detail">{detail}</span>
                  </button>
                ))}
              </div>
            </div>,
            document.body,
          )
        : null}
      {step ? (
        <span className="export-progress" role="status" data-testid="export-progress">
          <progress max={STEP_ORDER.length} value={STEP_ORDER.indexOf(step) + 1} aria-label="PNG export progress" />
          PNG: {PNG_STEPS[step]}…
        </span>
      ) : null}
    </>
  );
}
