/**
 * SLOT for the FP8 side panel: mounted in the side panel's "FP8" tab (SidePanel.tsx, URL
 * `tab=fp8`). The panel itself is components/fp8/Fp8Panel.tsx.
 */
import { Fp8Panel } from './fp8/Fp8Panel.tsx';

export function Fp8Slot() {
  return <Fp8Panel />;
}
