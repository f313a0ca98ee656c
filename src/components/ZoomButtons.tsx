/** Zoom out, zoom in and reset, the buttons every timeline's toolbar starts with (keys: S, W, 0). */
import { ZOOM_STEP } from '../render/chartInput.ts';

export function ZoomButtons({
  onZoom,
  onReset,
  zoomed,
  resetTestId,
}: {
  onZoom: (factor: number) => void;
  onReset: () => void;
  zoomed: boolean;
  resetTestId: string;
}) {
  return (
    <div className="zoom-buttons" role="group" aria-label="Zoom">
      <button type="button" onClick={() => onZoom(1 / ZOOM_STEP)} aria-label="Zoom out" title="Zoom out (S or −)">
        −
      </button>
      <button type="button" onClick={() => onZoom(ZOOM_STEP)} aria-label="Zoom in" title="Zoom in (W or +)">
        +
      </button>
      <button type="button" onClick={onReset} disabled={!zoomed} data-testid={resetTestId} title="Reset zoom (0)">
        Reset
      </button>
    </div>
  );
}
