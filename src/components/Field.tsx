/**
 * A labelled parameter control bound to one draft field: text input (numbers are typed, not
 * constrained, so "abc" reaches validation and gets its reason), or a select. An invalid value
 * shows the reason right under the control and a one-click fix; the chart meanwhile keeps the
 * last valid state. ↑/↓ step numbers to the next accepted value.
 *
 * History (hooks/useUrlSync.ts): a select, a fix, Enter, leaving the field and releasing ↑/↓
 * commit the change — one browser history entry; the keystrokes and key repeats before do not.
 */
import { memo, type ReactNode } from 'react';
import { useAppStore, useStoreApi } from '../hooks/useAppStore.ts';
import { FIELD_BY_KEY, type Drafts, type FieldIssue, type FieldKey } from '../store/params.ts';
import { fieldErrorsOf } from '../store/validate.ts';

export function FieldError({ id, field, issue, onFix }: { id: string; field: FieldKey; issue: FieldIssue; onFix: (v: string) => void }) {
  return (
    <div className="field-error" id={id} role="alert" data-field={field}>
      <span className="reason">{issue.message}</span>
      {issue.fix ? (
        <button type="button" className="fix" onClick={() => onFix(issue.fix!.value)}>
          {issue.fix.label}
        </button>
      ) : null}
    </div>
  );
}

function stepped(raw: string, up: boolean, integer: boolean): string | null {
  const v = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(v)) return null;
  const step = integer || Math.abs(v) < 100 ? 1 : 10 ** (Math.floor(Math.log10(Math.abs(v))) - 1);
  const next = v + (up ? step : -step);
  return String(Number(next.toPrecision(12)));
}

/** How far ↑/↓ looks for a value the field accepts (DualPipe's even M is the next one, 2). */
const MAX_STEPS = 16;

/**
 * ↑/↓: the nearest value in that direction this field accepts with the other fields as they are
 * (DualPipe's micro-batches go 20 → 22, never through the rejected 21); plain one step when none
 * within MAX_STEPS is accepted, so the reason shows as with typing.
 */
export function steppedValid(drafts: Drafts, field: FieldKey, up: boolean, integer: boolean): string | null {
  const first = stepped(drafts[field], up, integer);
  let next = first;
  for (let k = 0; next !== null && k < MAX_STEPS; k++) {
    if (!fieldErrorsOf({ ...drafts, [field]: next })[field]) return next;
    next = stepped(next, up, integer);
  }
  return first;
}

interface FieldProps {
  field: FieldKey;
  label: ReactNode;
  title?: string;
  hint?: ReactNode;
  disabled?: boolean;
  placeholder?: string;
  /** shown instead of the draft while disabled (values derived elsewhere) */
  shown?: string;
  children?: ReactNode;
}

/**
 * Writes a stepped value into the focused field before the state update renders it. Setting a
 * focused field's value makes chromium lay the page out at once (for the caret): done here, only
 * this field is dirty; done in React's commit, after the panel's other changes, that forced layout
 * cost ~1.5 ms of the frame (a P = 16 chart). React then finds the value in place and skips it.
 */
export function showNow(input: HTMLInputElement, value: string): void {
  if (input.value !== value) input.value = value;
}

// memo: the panel re-renders on every edit, and React rewrites an input's name and type whenever
// any of its props is new (its handlers are, per render); a field re-renders when its own draft,
// issue or props change.
export const NumberField = memo(function NumberField({ field, label, title, hint, disabled, placeholder, shown, children }: FieldProps) {
  const raw = useAppStore((s) => s.drafts[field]);
  const issue = useAppStore((s) => fieldErrorsOf(s.drafts)[field]);
  const setField = useAppStore((s) => s.setField);
  const commitParams = useAppStore((s) => s.commitParams);
  const store = useStoreApi();
  const id = `field-${field}`;
  const integer = FIELD_BY_KEY[field].type === 'int';
  const describedBy = [issue ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${issue ? ' invalid' : ''}`} title={title}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={field}
        type="text"
        inputMode={integer ? 'numeric' : 'decimal'}
        autoComplete="off"
        spellCheck={false}
        value={disabled && shown !== undefined ? shown : raw}
        placeholder={placeholder}
        disabled={disabled}
        aria-invalid={issue ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => setField(field, e.target.value)}
        onBlur={commitParams}
        onKeyUp={(e) => {
          if (e.key === 'ArrowUp' || e.key === 'ArrowDown') commitParams();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commitParams();
          if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
          const next = steppedValid(store.getState().drafts, field, e.key === 'ArrowUp', integer);
          if (next === null) return;
          e.preventDefault();
          showNow(e.currentTarget, next);
          setField(field, next);
        }}
      />
      {children}
      <FieldFooter id={id} field={field} hint={hint} issue={issue} onFix={(v) => setField(field, v, true)} />
    </div>
  );
});

export const SelectField = memo(function SelectField({
  field,
  label,
  title,
  hint,
  disabled,
  options,
}: FieldProps & { options: { value: string; label: string }[] }) {
  const raw = useAppStore((s) => s.drafts[field]);
  const issue = useAppStore((s) => fieldErrorsOf(s.drafts)[field]);
  const setField = useAppStore((s) => s.setField);
  const id = `field-${field}`;
  return (
    <div className={`field${issue ? ' invalid' : ''}`} title={title}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={field}
        value={raw}
        disabled={disabled}
        aria-invalid={issue ? true : undefined}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(e) => setField(field, e.target.value, true)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldFooter id={id} field={field} hint={hint} issue={issue} onFix={(v) => setField(field, v, true)} />
    </div>
  );
});

/** The hint and, when the value is rejected, the reason with its fix: shared by every field kind. */
function FieldFooter({
  id,
  field,
  hint,
  issue,
  onFix,
}: {
  id: string;
  field: FieldKey;
  hint?: ReactNode;
  issue: FieldIssue | undefined;
  onFix: (value: string) => void;
}) {
  return (
    <>
      {hint ? (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {issue ? <FieldError id={`${id}-error`} field={field} issue={issue} onFix={onFix} /> : null}
    </>
  );
}
