/**
 * The panel's field and one-click fix come from the engine's structured issue (field, suggestion),
 * never from its wording: with every engine message reworded, each rejection lands on the same
 * field with the same fix, and the fix still works.
 */
import { describe, expect, it, vi } from 'vitest';
import type { InputIssue } from '../engine/index.ts';
import { DEFAULT_PARAMS, draftsOf, type Drafts, type Params } from './params.ts';
import { evaluate, fieldIssueOf } from './validate.ts';

const reword = <T extends InputIssue | null>(i: T): T => (i ? { ...i, message: `reworded (${i.message.length} chars)` } : i);

vi.mock('../engine/index.ts', async (importOriginal) => {
  const engine = await importOriginal<typeof import('../engine/index.ts')>();
  return {
    ...engine,
    paramsIssue: (...a: Parameters<typeof engine.paramsIssue>) => reword(engine.paramsIssue(...a)),
    costsIssue: (...a: Parameters<typeof engine.costsIssue>) => reword(engine.costsIssue(...a)),
    costDrivenIssue: (...a: Parameters<typeof engine.costDrivenIssue>) => reword(engine.costDrivenIssue(...a)),
  };
});

vi.mock('../engine/overlap/index.ts', async (importOriginal) => {
  const overlap = await importOriginal<typeof import('../engine/overlap/index.ts')>();
  return {
    ...overlap,
    hardwareIssue: (...a: Parameters<typeof overlap.hardwareIssue>) => reword(overlap.hardwareIssue(...a)),
    layersIssue: (...a: Parameters<typeof overlap.layersIssue>) => reword(overlap.layersIssue(...a)),
    splitIssue: (...a: Parameters<typeof overlap.splitIssue>) => reword(overlap.splitIssue(...a)),
  };
});

const drafts = (patch: Partial<Record<keyof Params, string>> = {}): Drafts => ({ ...draftsOf(DEFAULT_PARAMS), ...patch });

describe('fixes survive any rewording of the engine messages', () => {
  it.each([
    [{ ranks: '7' }, 'ranks', '8'],
    [{ ranks: '9', microbatches: '18' }, 'ranks', '8'],
    [{ microbatches: '10' }, 'microbatches', '16'],
    [{ microbatches: '21' }, 'microbatches', '22'],
    [{ schedule: 'interleaved-1f1b', ranks: '4', microbatches: '9' }, 'microbatches', '10'],
    [{ schedule: 'dualpipev', ranks: '4', microbatches: '6' }, 'microbatches', '8'],
    [{ microbatches: '4096', ranks: '64' }, 'microbatches', '650'],
    [{ F: '0', I: '0', W: '0' }, 'F', '1'],
    [{ schedule: 'zb-h2', ranks: '4', microbatches: '8', I: '0' }, 'I', '1'],
    [{ detailed: '1', commSms: '132' }, 'commSms', '131'],
  ] as const)('%o → %s, use %s', (patch, field, fix) => {
    const issue = evaluate(drafts(patch)).errors[field as keyof Params]!;
    expect(issue.message).toMatch(/^reworded/);
    expect(issue.fix?.value).toBe(fix);
    expect(evaluate(drafts({ ...patch, [field]: fix })).errors[field as keyof Params]).toBeUndefined();
  });

  it('an issue maps by its field name and suggestion alone', () => {
    expect(fieldIssueOf({ field: 'ibGBps', message: 'anything at all', suggestion: 50 })).toEqual([
      'ib',
      { message: 'anything at all', fix: { label: 'use 50', value: '50' } },
    ]);
    expect(fieldIssueOf({ field: 'schedule', message: 'deadlock: …' })).toEqual(['schedule', { message: 'deadlock: …' }]);
  });
});
