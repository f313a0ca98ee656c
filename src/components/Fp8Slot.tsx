/**
 * SLOT for the FP8 side panel: mounted in the side panel's "FP8" tab (SidePanel.tsx, URL
 * `tab=fp8`). The panel itself is components/fp8/Fp8Panel.tsx, loaded with its own chunk the first
 * time the tab opens.
 */
import { Suspense, lazy } from 'react';

const Fp8Panel = lazy(() => import('./fp8/Fp8Panel.tsx').then((m) => ({ default: m.Fp8Panel })));

export function Fp8Slot() {
  return (
    <Suspense fallback={<p className="muted">Loading the FP8 panel…</p>}>
      <Fp8Panel />
    </Suspense>
  );
}
