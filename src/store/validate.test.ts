import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, draftsOf, type Drafts, type Params } from './params.ts';
import { evaluate, scheduleIssue } from './validate.ts';

const drafts = (patch: Partial<Record<keyof Params, string>> = {}): Drafts => ({ ...draftsOf(DEFAULT_PARAMS), ...patch });

describe('evaluate', () => {
  it('accepts the defaults', () => {
    expect(evaluate(drafts())).toEqual({ params: DEFAULT_PARAMS, errors: {} });
  });

  it.each([
    [{ ranks: '7' }, 'ranks', /DualPipe needs an even number of ranks; got 7/, '8'],
    [{ ranks: '9' }, 'ranks', /even number of ranks/, '10'],
    [{ microbatches: '10' }, 'microbatches', /at least 2P = 16 micro-batches/, '16'],
    [{ microbatches: '21' }, 'microbatches', /even number of micro-batches/, '22'],
    [{ ranks: '0' }, 'ranks', /at least 1; got 0/, '2'],
    [{ microbatches: '-4' }, 'microbatches', /at least 1; got -4/, '16'],
    [{ ranks: 'eight' }, 'ranks', /"eight" is not a number/, '8'],
    [{ F: '-2' }, 'F', /must not be negative; got -2/, '2'],
    [{ W: 'x' }, 'W', /not a number/, '1'],
    [{ schedule: 'interleaved-1f1b', ranks: '4', microbatches: '9' }, 'microbatches', /2 must divide M=9/, '10'],
    [{ schedule: 'dualpipev', ranks: '4', microbatches: '6' }, 'microbatches', /at least 2P = 8/, '8'],
    [{ F: '0', I: '0', W: '0' }, 'F', /at least one op cost must be positive/, '1'],
    [{ microbatches: '4096', ranks: '64' }, 'microbatches', /interactive view takes up to 250,000/, '650'],
  ] as const)('%o → %s: reason and a working value', (patch, field, reason, fix) => {
    const { params, errors } = evaluate(drafts(patch));
    expect(params).toBeNull();
    const issue = errors[field as keyof Params]!;
    expect(issue.message).toMatch(reason);
    expect(issue.fix?.value).toBe(fix);
    // the suggestion works
    expect(evaluate(drafts({ ...patch, [field]: fix })).errors[field as keyof Params]).toBeUndefined();
  });

  it('suggests P−1 when P+1 would break M ≥ 2P', () => {
    const { errors } = evaluate(drafts({ ranks: '9', microbatches: '18' }));
    expect(errors.ranks?.fix?.value).toBe('8');
  });

  it('checks the SM split against the GPU only in the detailed mode', () => {
    expect(evaluate(drafts({ commSms: '132' })).params).not.toBeNull();
    const { errors } = evaluate(drafts({ detailed: '1', commSms: '132' }));
    expect(errors.commSms?.message).toBe("comm SMs must be less than the GPU's 132 SMs; got 132");
    expect(errors.commSms?.fix?.value).toBe('131');
    // negative costs do not block the detailed mode, which does not use them... but stay invalid fields
    expect(evaluate(drafts({ detailed: '1', F: '-1' })).errors.F).toBeDefined();
  });

  it('a schedule generated from the costs needs F, I and W > 0: the zero cost is the field to fix', () => {
    const { params, errors } = evaluate(drafts({ schedule: 'zb-h2', ranks: '4', microbatches: '8', W: '0' }));
    expect(params).toBeNull();
    expect(errors.W).toEqual({
      message: 'zb-h2 is generated from the op costs and needs F, I and W > 0; got W=0',
      fix: { label: 'use 1', value: '1' },
    });
    // the same costs run a schedule that does not read them
    expect(evaluate(drafts({ schedule: '1f1b', ranks: '4', microbatches: '8', W: '0' })).params).not.toBeNull();
  });

  it('a compare schedule is checked with the same rules, once per params object', () => {
    const p = evaluate(drafts({ schedule: '1f1b', ranks: '7', microbatches: '20' })).params!;
    const issue = scheduleIssue(p, 'dualpipe');
    expect(issue).toEqual(['ranks', { message: 'DualPipe needs an even number of ranks; got 7', fix: { label: 'use 8', value: '8' } }]);
    expect(scheduleIssue(p, 'dualpipe')).toBe(issue);
    expect(scheduleIssue(p)).toBeNull();
  });

  it('auto B and F&B are empty fields', () => {
    const { params } = evaluate(drafts({ B: '', FB: 'auto' }));
    expect(params).toMatchObject({ B: null, FB: null });
  });
});
