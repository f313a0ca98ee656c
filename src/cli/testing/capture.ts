/**
 * Test helper: captures what CLI commands write to stdout/stderr while they run in-process.
 * Call `captureOutput()` at the top of a test file; read `out.stdout` / `out.stderr` in tests.
 */
import { afterEach, beforeEach, vi } from 'vitest';

export function captureOutput(): { stdout: string; stderr: string } {
  const out = { stdout: '', stderr: '' };
  beforeEach(() => {
    out.stdout = '';
    out.stderr = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out.stdout += String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((out.stderr += String(s)), true));
  });
  afterEach(() => vi.restoreAllMocks());
  return out;
}
