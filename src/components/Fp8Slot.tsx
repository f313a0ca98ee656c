/**
 * SLOT for the FP8 side panel (a separate feature, built on src/fp8/). Replace this component's
 * body with the FP8 panel; it is mounted in the side panel's "FP8" tab (SidePanel.tsx, URL
 * `tab=fp8`), gets the full panel width (≈ 300 px on desktop, full width on narrow screens) and
 * may add its own slice to the store (store/types.ts combines the slices).
 */
export function Fp8Slot() {
  return (
    <section className="fp8-slot" data-slot="fp8" aria-label="FP8 panel">
      <h2>FP8</h2>
      <p className="muted">
        The FP8 panel (E4M3 / E5M2 casts, per-tensor vs 1×128 vs 128×128 scaling error, Hopper accumulation with promotion every N<sub>C</sub> = 128) will live here.
      </p>
    </section>
  );
}
