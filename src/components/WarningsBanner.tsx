/** Problems found in the link (each bad value, the default used instead), dismissible. */
import { useAppStore } from '../hooks/useAppStore.ts';

export function WarningsBanner() {
  const warnings = useAppStore((s) => s.warnings);
  const dismiss = useAppStore((s) => s.dismissWarnings);
  if (warnings.length === 0) return null;
  return (
    <div className="banner" role="status" data-testid="url-warnings">
      <div>
        <strong>Some link parameters were not usable:</strong>
        <ul>
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      </div>
      <button type="button" className="ghost" onClick={dismiss} aria-label="Dismiss link warnings">
        Dismiss
      </button>
    </div>
  );
}
