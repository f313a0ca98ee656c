/**
 * Controls bound to one Model panel draft (store/modelSlice.ts): a text field (numbers are typed, not
 * constrained, so "abc" reaches validation and gets its reason), a select and a checkbox. Each shows
 * its unit, the Megatron-LM argument it sets as a hint, and — when the planner or the engine rejects
 * the value — the reason under it with a one-click fix. Enter, leaving the field, a select and a fix
 * commit the change (one history entry).
 */
import { memo, type ReactNode } from 'react';
import { useAppStore } from '../../hooks/useAppStore.ts';
import { MODEL_FIELD, evaluateModel, type ModelErrors, type ModelKey } from '../../store/modelInputs.ts';

export function ModelFieldError({ field, issue }: { field: ModelKey; issue: NonNullable<ModelErrors[ModelKey]> }) {
  const setModelField = useAppStore((s) => s.setModelField);
  return (
    <div className="field-error" id={`model-${field}-error`} role="alert" data-model-field={field}>
      <span className="reason">{issue.message}</span>
      {issue.fix ? (
        <button type="button" className="fix" onClick={() => setModelField(field, issue.fix!.value, true)}>
          {issue.fix.label}
        </button>
      ) : null}
    </div>
  );
}

function Hint({ field, extra }: { field: ModelKey; extra?: ReactNode }) {
  if (MODEL_FIELD[field].megatron === '' && !extra) return null;
  return (
    <div className="hint" id={`model-${field}-hint`} title={MODEL_FIELD[field].megatron}>
      <code className="megatron-arg">{MODEL_FIELD[field].megatron}</code>
      {extra ? <> · {extra}</> : null}
    </div>
  );
}

function Label({ field, label }: { field: ModelKey; label?: string }) {
  const spec = MODEL_FIELD[field];
  return (
    <label htmlFor={`model-${field}`}>
      {label ?? spec.label}
      {spec.unit ? <span className="unit"> ({spec.unit})</span> : null}
    </label>
  );
}

export const ModelTextField = memo(function ModelTextField({
  field,
  placeholder,
  hint,
  children,
}: {
  field: ModelKey;
  placeholder?: string;
  hint?: ReactNode;
  children?: ReactNode;
}) {
  const raw = useAppStore((s) => s.modelDrafts[field]);
  const issue = useAppStore((s) => evaluateModel(s.modelDrafts).errors[field]);
  const setModelField = useAppStore((s) => s.setModelField);
  const commitParams = useAppStore((s) => s.commitParams);
  const id = `model-${field}`;
  const numeric = MODEL_FIELD[field].type !== 'layout';
  return (
    <div className={`field${numeric ? ' compact' : ''}${issue ? ' invalid' : ''}`}>
      <Label field={field} />
      <input
        id={id}
        name={id}
        type="text"
        inputMode={numeric ? 'decimal' : 'text'}
        autoComplete="off"
        spellCheck={false}
        value={raw}
        placeholder={placeholder}
        aria-invalid={issue ? true : undefined}
        aria-describedby={`${id}-hint${issue ? ` ${id}-error` : ''}`}
        onChange={(e) => setModelField(field, e.target.value)}
        onBlur={commitParams}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commitParams();
        }}
      />
      {children}
      <Hint field={field} extra={hint} />
      {issue ? <ModelFieldError field={field} issue={issue} /> : null}
    </div>
  );
});

export const ModelSelect = memo(function ModelSelect({
  field,
  options,
  hint,
  label,
}: {
  field: ModelKey;
  options: { value: string; label: string; title?: string }[];
  hint?: ReactNode;
  label?: string;
}) {
  const raw = useAppStore((s) => s.modelDrafts[field]);
  const issue = useAppStore((s) => evaluateModel(s.modelDrafts).errors[field]);
  const setModelField = useAppStore((s) => s.setModelField);
  const id = `model-${field}`;
  return (
    <div className={`field${issue ? ' invalid' : ''}`}>
      <Label field={field} label={label} />
      <select
        id={id}
        name={id}
        value={raw}
        aria-invalid={issue ? true : undefined}
        aria-describedby={`${id}-hint`}
        onChange={(e) => setModelField(field, e.target.value, true)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value} title={o.title}>
            {o.label}
          </option>
        ))}
      </select>
      <Hint field={field} extra={hint} />
      {issue ? <ModelFieldError field={field} issue={issue} /> : null}
    </div>
  );
});

export const ModelCheck = memo(function ModelCheck({ field }: { field: ModelKey }) {
  const on = useAppStore((s) => s.modelDrafts[field] === '1');
  const issue = useAppStore((s) => evaluateModel(s.modelDrafts).errors[field]);
  const setModelField = useAppStore((s) => s.setModelField);
  return (
    <div className={`field${issue ? ' invalid' : ''}`}>
      <label className="check">
        <input
          type="checkbox"
          id={`model-${field}`}
          checked={on}
          aria-describedby={`model-${field}-hint`}
          onChange={(e) => setModelField(field, e.target.checked ? '1' : '0', true)}
        />
        {MODEL_FIELD[field].label}
      </label>
      <Hint field={field} />
      {issue ? <ModelFieldError field={field} issue={issue} /> : null}
    </div>
  );
});
