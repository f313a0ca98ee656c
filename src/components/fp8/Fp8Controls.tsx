/**
 * Inputs of the FP8 panel: tensor source (generated or uploaded), shape and the source's
 * parameters, element format, overflow mode, methods, and the backward re-quantization. Typed
 * fields show their problem right under themselves and keep the last valid value meanwhile.
 * An uploaded file's name is shown as text only.
 */
import { memo, type ReactNode } from 'react';
import { METHOD_SPECS, type Fp8Format, type OverflowMode } from '../../fp8/index.ts';
import {
  METHOD_LABELS,
  SOURCE_LABELS,
  activeFields,
  methodsOf,
  type Fp8TextKey,
  type RequantMode,
  type SourceKind,
} from '../../fp8panel/inputs.ts';
import type { FileFormat } from '../../fp8panel/protocol.ts';
import { useAppStore } from '../../hooks/useAppStore.ts';
import type { Fp8Controller, FileState } from './controller.ts';
import { methodColor } from './useColors.ts';

const FIELD_LABELS: Record<Fp8TextKey, string> = {
  shape: 'Shape (rows x cols)',
  seed: 'Seed',
  channels: 'Outlier channels',
  magnitude: 'Outlier magnitude',
  nu: 'ν (degrees of freedom)',
  sigma: 'σ of ln|x|',
};
const FIELD_HINTS: Partial<Record<Fp8TextKey, string>> = {
  shape: 'rows = tokens, cols = channels = the GEMM K (1×128 tiles run along a row)',
  channels: 'whole columns scaled by the magnitude',
};

function TextField({ field, errors }: { field: Fp8TextKey; errors: Partial<Record<Fp8TextKey, string>> }) {
  const raw = useAppStore((s) => s.fp8Drafts[field]);
  const set = useAppStore((s) => s.setFp8Field);
  const id = `fp8-${field}`;
  const error = errors[field];
  const hint = FIELD_HINTS[field];
  const describedBy = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>{FIELD_LABELS[field]}</label>
      <input
        id={id}
        type="text"
        autoComplete="off"
        spellCheck={false}
        value={raw}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => set(field, e.target.value)}
      />
      {hint ? (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <div className="field-error" id={`${id}-error`} role="alert" data-field={`fp8-${field}`}>
          <span className="reason">{error}</span>
        </div>
      ) : null}
    </div>
  );
}

function Select<T extends string>({
  id,
  label,
  value,
  options,
  onChange,
  title,
}: {
  id: string;
  label: ReactNode;
  value: T;
  options: { value: T; label: string }[];
  onChange: (v: T) => void;
  title?: string;
}) {
  return (
    <div className="field" title={title}>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function FileSection({ controller, file, format }: { controller: Fp8Controller; file: FileState | null; format: FileFormat }) {
  return (
    <div className="fp8-file">
      <div className="field">
        <label htmlFor="fp8-file">File (.npy, or raw little-endian float32)</label>
        <input
          id="fp8-file"
          type="file"
          accept=".npy,.bin,.raw,.f32,application/octet-stream"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void controller.setFile(f);
            e.target.value = ''; // choosing the same file again re-reads it
          }}
        />
      </div>
      <Select
        id="fp8-file-format"
        label="Read as"
        value={format}
        options={[
          { value: 'npy', label: '.npy (shape from its header)' },
          { value: 'raw', label: 'raw float32 (give the shape)' },
        ]}
        onChange={(v) => void controller.setFileFormat(v)}
      />
      {file ? (
        <p className="fp8-file-info" data-testid="fp8-file-info">
          <span className="fp8-file-name">{file.name}</span> · {file.size.toLocaleString('en-US')} bytes
          {file.loading ? ' · reading…' : ''}
          {file.info?.npy ? ` · ${file.info.npy.dtype}, shape (${file.info.npy.fileShape.join(', ')})` : ''}
        </p>
      ) : null}
      {file?.info?.npy?.notes.map((n) => (
        <p key={n} className="hint">
          {n}
        </p>
      ))}
      {file?.error ? (
        <div className="field-error" role="alert" data-testid="fp8-file-error">
          <span className="reason">{file.error}</span>
        </div>
      ) : null}
    </div>
  );
}

export const Fp8Controls = memo(function Fp8Controls({
  controller,
  file,
  errors,
}: {
  controller: Fp8Controller;
  file: FileState | null;
  errors: Partial<Record<Fp8TextKey, string>>;
}) {
  const fp8 = useAppStore((s) => s.fp8);
  const setFp8 = useAppStore((s) => s.setFp8);
  const setFormat = useAppStore((s) => s.setFp8Format);
  const toggle = useAppStore((s) => s.toggleFp8Method);
  const fields = activeFields(fp8);
  const sources = (Object.keys(SOURCE_LABELS) as SourceKind[]).map((k) => ({ value: k, label: SOURCE_LABELS[k] }));
  return (
    <div className="fp8-controls">
      <fieldset>
        <legend>Tensor</legend>
        <Select id="fp8-source" label="Source" value={fp8.source} options={sources} onChange={(v) => setFp8({ source: v })} />
        {fp8.source === 'file' ? <FileSection controller={controller} file={file} format={fp8.fileFormat} /> : null}
        {fields.includes('shape') ? <TextField field="shape" errors={errors} /> : null}
        <div className="fp8-grid2">
          {fields
            .filter((f) => f !== 'shape')
            .map((f) => (
              <TextField key={f} field={f} errors={errors} />
            ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>Cast</legend>
        <div className="fp8-grid2">
          <Select<Fp8Format>
            id="fp8-format"
            label="Element format"
            value={fp8.format}
            options={[
              { value: 'e4m3', label: 'E4M3 (max 448)' },
              { value: 'e5m2', label: 'E5M2 (max 57344)' },
            ]}
            onChange={setFormat}
          />
          <Select<OverflowMode>
            id="fp8-overflow"
            label="Overflow"
            title="saturate: ±max, as GPU kernels (cvt.rn.satfinite); non-saturating: NaN (E4M3) / ±Inf (E5M2), as torch 2.11 eager casts"
            value={fp8.overflow}
            options={[
              { value: 'saturate', label: 'saturate' },
              { value: 'nonsaturate', label: 'NaN/Inf (torch eager)' },
            ]}
            onChange={(v) => setFp8({ overflow: v })}
          />
        </div>
      </fieldset>
      <fieldset className="fp8-methods">
        <legend>Methods</legend>
        {methodsOf(fp8.format).map((m) => (
          <label key={m} className="check" title={METHOD_SPECS[m].description}>
            <input type="checkbox" checked={fp8.methods.includes(m)} onChange={(e) => toggle(m, e.target.checked)} data-method={m} />
            <span className="fp8-swatch" style={{ background: methodColor(m) }} aria-hidden="true" />
            <span>{METHOD_LABELS[m]}</span>
          </label>
        ))}
        {fp8.methods.length === 0 ? (
          <div className="field-error" role="alert">
            <span className="reason">Choose at least one method.</span>
          </div>
        ) : null}
      </fieldset>
      <Select<RequantMode>
        id="fp8-requant"
        label="Backward re-quantization (1×128 → 128×1)"
        value={fp8.requant}
        options={[
          { value: 'fp32', label: 'on, fp32 scales' },
          { value: 'ue8m0', label: 'on, UE8M0 scales' },
          { value: 'off', label: 'off' },
        ]}
        onChange={(v) => setFp8({ requant: v })}
      />
    </div>
  );
});
