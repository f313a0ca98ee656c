/**
 * The per-stage cost table (docs/schedules.md §1.5): a row per share of the model (share basis, P
 * rows) or per stage (stage basis), columns F, I, W, B, F&B and activation memory F/I/W. A cell
 * edit rewrites the table's draft text (store/stageTable.ts), validated like every field; an
 * absent column shows its default greyed and becomes a column on its first edit. Filled from a
 * pasted spreadsheet range or the "uneven layers" fill (pipeline/costTableInput.ts), or from
 * elsewhere through the store's setStageCosts.
 */
import { memo, useCallback, useEffect, useRef, useState, type CSSProperties } from 'react';
import { useAppStore } from '../../hooks/useAppStore.ts';
import { parseLayers, parsePastedTable, rawColumns, unevenLayersTable } from '../../pipeline/costTableInput.ts';
import { parseField } from '../../store/params.ts';
import { columnsText, tableRows, type TableColumn } from '../../store/stageTable.ts';
import { fieldErrorsOf } from '../../store/validate.ts';
import { FieldError, showNow } from '../Field.tsx';
import { scheduleTopology, type CostsFile } from '../../engine/index.ts';
import { scheduleParamsOf } from '../../store/validate.ts';

const COLUMNS: { key: TableColumn; label: string; title: string }[] = [
  { key: 'F', label: 'F', title: 'forward' },
  { key: 'I', label: 'I', title: 'backward for input' },
  { key: 'W', label: 'W', title: 'backward for weights' },
  { key: 'B', label: 'B', title: 'full backward (default I + W)' },
  { key: 'FB', label: 'F&B', title: 'overlapped pair, by its forward row (default F + B)' },
  { key: 'mF', label: 'mem F', title: 'activation a forward allocates, A (default 1)' },
  { key: 'mI', label: 'mem I', title: 'activation the input backward frees, A, ≤ 0 (default 0)' },
  { key: 'mW', label: 'mem W', title: 'activation the weight backward frees, A, ≤ 0 (default −(F + I))' },
];
/** a field's width: its column's (columnWidths), one constant object per column so rows keep their props */
const WIDTH_OF = Object.fromEntries(COLUMNS.map((c) => [c.key, { width: `calc(var(--w-${c.key}) + 6px)` }])) as Record<
  TableColumn,
  CSSProperties
>;
/** Rows drawn as inputs; a longer table is edited by pasting */
const MAX_SHOWN = 64;

const num = (s: string | undefined) => (s === undefined || s.trim() === '' ? NaN : Number(s));

/** ↑/↓ on a cell: a tenth of its order of magnitude (1 → 1.1, 25 → 26), never below 0 for costs. */
function stepCell(v: number, up: boolean): string {
  const step = 10 ** (Math.floor(Math.log10(Math.abs(v) || 1)) - 1);
  return String(Number((v + (up ? step : -step)).toPrecision(12)));
}

/** The value a cell of an absent column stands for in row k (its default). */
function defaultCell(key: TableColumn, cols: Partial<Record<TableColumn, string[]>>, k: number, scalars: Record<string, number>): string {
  const at = (c: TableColumn, fallback: number) => {
    const v = cols[c];
    const x = v ? num(v.length === 1 ? v[0] : v[k]) : NaN;
    return Number.isFinite(x) ? x : fallback;
  };
  // a scalar being edited to something invalid falls back to the default cost
  const F = at('F', scalars.F ?? 1);
  const I = at('I', scalars.I ?? 1);
  const W = at('W', scalars.W ?? 1);
  const B = at('B', scalars.B ?? I + W);
  const r = (x: number) => String(Number(x.toPrecision(6)));
  switch (key) {
    case 'F':
      return r(F);
    case 'I':
      return r(I);
    case 'W':
      return r(W);
    case 'B':
      return r(B);
    case 'FB':
      return r(scalars.FB ?? F + B);
    case 'mF':
      return '1';
    case 'mI':
      return '0';
    case 'mW':
      return r(-(at('mF', 1) + at('mI', 0)));
  }
}

/**
 * Each column as wide as its longest value or default (fitted µs like 2431.559 need 8 digits), in
 * the digits' width: the fields have a fixed size, so a stepped value lays out its own field alone
 * (styles.css .stage-costs) instead of the whole table, as sizing the fields to their content did.
 */
function columnWidths(cells: { own: (string | undefined)[]; ph: string[] }[]): CSSProperties {
  const style: Record<string, string> = {};
  COLUMNS.forEach((c, j) => {
    const longest = Math.max(3, ...cells.map(({ own, ph }) => (own[j] ?? ph[j]).length));
    style[`--w-${c.key}`] = `${Math.min(longest, 14)}ch`;
  });
  return style as CSSProperties;
}

const sameCells = (a: readonly (string | undefined)[], b: readonly (string | undefined)[]) => a.every((x, i) => x === b[i]);

interface CellProps {
  k: number;
  column: (typeof COLUMNS)[number];
  name: string;
  /** the cell's own value, or undefined when its column is absent (then `ph`, its default, shows) */
  own: string | undefined;
  ph: string;
  onCell: (key: TableColumn, k: number, value: string) => void;
  onCommit: () => void;
}

/**
 * One cell: its value as a button-like box until it takes focus (Tab, a click), then a text field
 * in its place, focused, until focus leaves. A P = 16 table is 128 cells: as 128 fields each one
 * is a clipped box the browser re-layerizes on every frame (~1.3 ms of each parameter change's
 * frame here, ~5 ms at P = 64); as text they cost nothing until one is edited.
 */
const CostCell = memo(function CostCell({ k, column, name, own, ph, onCell, onCommit }: CellProps) {
  const [editing, setEditing] = useState(false);
  const label = `${column.label} of ${name}`;
  const shown = own ?? ph;
  if (!editing) {
    return (
      <button
        type="button"
        className={`cell${own === undefined ? ' default' : ''}`}
        aria-label={`${label}: ${shown}${own === undefined ? ' (default)' : ''}`}
        data-cell={`${column.key}-${k}`}
        style={WIDTH_OF[column.key]}
        onFocus={() => setEditing(true)}
      >
        {shown}
      </button>
    );
  }
  return (
    <input
      type="text"
      inputMode="decimal"
      aria-label={label}
      data-cell={`${column.key}-${k}`}
      style={WIDTH_OF[column.key]}
      className={own === undefined ? 'default' : undefined}
      value={own ?? ''}
      placeholder={own === undefined ? ph : undefined}
      // it replaces the focused box: focus follows it, the whole value selected (typing replaces it)
      autoFocus
      onFocus={(e) => e.currentTarget.select()}
      onChange={(e) => onCell(column.key, k, e.target.value)}
      onBlur={() => {
        setEditing(false);
        onCommit();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onCommit();
        if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
        const v = num(shown);
        if (!Number.isFinite(v)) return;
        e.preventDefault();
        const next = stepCell(v, e.key === 'ArrowUp');
        showNow(e.currentTarget, next);
        onCell(column.key, k, next);
      }}
      onKeyUp={(e) => {
        if (e.key === 'ArrowUp' || e.key === 'ArrowDown') onCommit();
      }}
    />
  );
});

/** One row of cells; re-renders only when its own cells or placeholders change. */
const CostRow = memo(
  function CostRow({
    k,
    name,
    own,
    ph,
    onCell,
    onCommit,
  }: {
    k: number;
    name: string;
    own: (string | undefined)[];
    ph: string[];
    onCell: (key: TableColumn, k: number, value: string) => void;
    onCommit: () => void;
  }) {
    return (
      <tr>
        <th scope="row">{name}</th>
        {COLUMNS.map((c, j) => (
          <td key={c.key}>
            <CostCell k={k} column={c} name={name} own={own[j]} ph={ph[j]!} onCell={onCell} onCommit={onCommit} />
          </td>
        ))}
      </tr>
    );
  },
  (a, b) => a.k === b.k && a.name === b.name && a.onCell === b.onCell && sameCells(a.own, b.own) && sameCells(a.ph, b.ph),
);

/**
 * The table's fills: a pasted spreadsheet range, or costs in proportion to uneven layer counts (at
 * the scalar F, I, W per layer). Its own component: the table re-renders with every cell edit.
 */
const TableFill = memo(function TableFill({
  basis,
  F,
  I,
  W,
  setStageCosts,
}: {
  basis: 'share' | 'stage';
  F: number;
  I: number;
  W: number;
  setStageCosts: (file: CostsFile | null, source: string) => void;
}) {
  const [paste, setPaste] = useState('');
  const [layers, setLayers] = useState('');
  const [embedding, setEmbedding] = useState('1');
  const [head, setHead] = useState('2');
  const [problem, setProblem] = useState<string | null>(null);
  const fromPaste = () => {
    try {
      setStageCosts(parsePastedTable(paste), 'pasted');
      setProblem(null);
      setPaste('');
    } catch (e) {
      setProblem((e as Error).message);
    }
  };
  const fromLayers = () => {
    try {
      const file = unevenLayersTable({ layers: parseLayers(layers), embedding: Number(embedding) || 0, head: Number(head) || 0, F, I, W });
      setStageCosts(file, 'uneven layers');
      setProblem(null);
    } catch (e) {
      setProblem((e as Error).message);
    }
  };
  return (
    <>
      <label className="block" htmlFor="cost-paste">
        Paste from a spreadsheet <span className="muted">(tab or comma separated, header optional: F, I, W, B, F&amp;B, mem F…)</span>
      </label>
      <textarea id="cost-paste" rows={3} value={paste} onChange={(e) => setPaste(e.target.value)} spellCheck={false} />
      <button type="button" onClick={fromPaste} disabled={paste.trim() === ''}>
        Use pasted rows
      </button>
      <fieldset className="uneven">
        <legend>Uneven layers</legend>
        <label htmlFor="uneven-layers">Layers per {basis === 'share' ? 'share' : 'row'}</label>
        <input id="uneven-layers" type="text" placeholder="3,4,4,4,4,4,4,3" value={layers} onChange={(e) => setLayers(e.target.value)} />
        <div className="grid2">
          <div>
            <label htmlFor="uneven-embedding">Embedding (layers)</label>
            <input id="uneven-embedding" type="text" inputMode="decimal" value={embedding} onChange={(e) => setEmbedding(e.target.value)} />
          </div>
          <div>
            <label htmlFor="uneven-head">Head + loss (layers)</label>
            <input id="uneven-head" type="text" inputMode="decimal" value={head} onChange={(e) => setHead(e.target.value)} />
          </div>
        </div>
        <button type="button" onClick={fromLayers} disabled={layers.trim() === ''}>
          Fill: costs ∝ layers
        </button>
      </fieldset>
      {problem ? (
        <p className="field-error" role="alert">
          <span className="reason">{problem}</span>
        </p>
      ) : null}
    </>
  );
});

export const CostTable = memo(function CostTable() {
  const drafts = useAppStore((s) => s.drafts);
  const params = useAppStore((s) => s.params);
  const source = useAppStore((s) => s.stageCostsSource);
  const edit = useAppStore((s) => s.editStageCosts);
  const setStageCosts = useAppStore((s) => s.setStageCosts);
  const commitParams = useAppStore((s) => s.commitParams);
  const issue = fieldErrorsOf(drafts).stageCosts;
  const text0 = drafts.stageCosts;
  // open while a table exists; the contents are only rendered open (a P = 64 table is 512 inputs)
  const [open, setOpen] = useState(text0 !== '');
  const hasTable = text0 !== '';
  // a table arriving from elsewhere (a link, a paste, the model panel) opens it
  useEffect(() => {
    if (hasTable) setOpen(true);
  }, [hasTable]);

  const text = drafts.stageCosts;
  const cols = rawColumns(text);
  const basis = drafts.basis === 'stage' ? 'stage' : 'share';
  let stages = params.ranks;
  try {
    stages = scheduleTopology(scheduleParamsOf(params)).numStages;
  } catch {
    /* the shape is being edited: rows follow P */
  }
  const given = Math.max(0, ...Object.values(cols).map((v) => (v.length > 1 ? v.length : 0)));
  const rows = given > 0 ? given : basis === 'share' ? params.ranks : stages;
  const scalars: Record<string, number> = {};
  for (const k of ['F', 'I', 'W', 'B', 'FB'] as const) {
    const r = parseField(k, drafts[k]);
    if (r.ok && r.value !== null) scalars[k] = r.value as number;
  }
  const rowName = (k: number) =>
    basis === 'share'
      ? `share ${k}`
      : rows === stages && stages !== params.ranks
        ? `stage ${k}`
        : rows === params.ranks
          ? `rank ${k}`
          : `row ${k}`;

  const cells =
    open && rows <= MAX_SHOWN
      ? Array.from({ length: rows }, (_, k) => {
          const own = COLUMNS.map((c) => {
            const v = cols[c.key];
            return v ? (v.length === 1 ? v[0] : v[k]) : undefined;
          });
          const ph = COLUMNS.map((c, j) => (own[j] === undefined ? defaultCell(c.key, cols, k, scalars) : ''));
          return { own, ph };
        })
      : [];

  const setCell = (key: TableColumn, k: number, value: string) => {
    const next = { ...cols };
    const current = next[key];
    const full = (c: TableColumn) => {
      const v = next[c];
      if (v && v.length === rows) return v.slice();
      return Array.from({ length: rows }, (_, i) => (v && v.length === 1 ? v[0]! : defaultCell(c, next, i, scalars)));
    };
    const list = current && current.length === rows ? current.slice() : full(key);
    list[k] = value;
    next[key] = list;
    edit(columnsText(next));
  };

  // one stable callback for every row (rows re-render only when their own cells change)
  const cellRef = useRef(setCell);
  cellRef.current = setCell;
  const onCell = useCallback((key: TableColumn, k: number, value: string) => cellRef.current(key, k, value), []);

  return (
    <details className="cost-table" open={open} onToggle={(e) => setOpen(e.currentTarget.open)} data-testid="cost-table">
      <summary>
        Per-stage costs{' '}
        <span className="muted">
          {text === '' ? '(every stage alike)' : `(${tableRows(params.stageCosts) || rows} rows${source ? `, from ${source}` : ''})`}
        </span>
      </summary>
      {open ? (
        <>
          <p className="hint">
            {basis === 'share'
              ? `One row per share of the model (1/P of its layers, in depth order); each schedule's chunks take their part of the share their layers lie in.`
              : `One row per stage of this schedule (${stages}) or per rank (${params.ranks}), as the engine runs them.`}
          </p>
          {rows <= MAX_SHOWN ? (
            <div className="table-scroll">
              <table className="stage-costs" style={columnWidths(cells)}>
                <thead>
                  <tr>
                    <th scope="col">{basis === 'share' ? 'share' : 'row'}</th>
                    {COLUMNS.map((c) => (
                      <th key={c.key} scope="col" title={c.title}>
                        {c.label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {cells.map(({ own, ph }, k) => (
                    <CostRow key={k} k={k} name={rowName(k)} own={own} ph={ph} onCell={onCell} onCommit={commitParams} />
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="hint">{rows} rows: paste a range to change them.</p>
          )}
          {issue ? <FieldError id="field-stageCosts-error" field="stageCosts" issue={issue} onFix={(v) => edit(v, true)} /> : null}
          <div className="table-actions">
            {text !== '' ? (
              <button type="button" onClick={() => setStageCosts(null, 'cleared')}>
                Clear table
              </button>
            ) : null}
          </div>
          <TableFill basis={basis} F={scalars.F ?? 1} I={scalars.I ?? 1} W={scalars.W ?? 1} setStageCosts={setStageCosts} />
        </>
      ) : null}
    </details>
  );
});
