/**
 * The layout string (`pipeline_model_parallel_layout`) with a live parse: while it parses, how many
 * stages it has and how they fall on the PP ranks; when it does not, the reason under the field and,
 * for a character the grammar rejects, the string again with a caret under its column (the planner
 * reports the column as data: model/errors.ts). Rendered as text, never as markup.
 */
import { useAppStore } from '../../hooks/useAppStore.ts';
import { parseLayoutString } from '../../model/index.ts';
import { evaluateModel } from '../../store/modelInputs.ts';
import { ModelTextField } from './ModelFields.tsx';

function parsedHint(text: string, pp: string): string {
  if (text.trim() === '') return "empty: Megatron's even split";
  try {
    const stages = parseLayoutString(text.trim());
    const ranks = Number(pp);
    const per = Number.isInteger(ranks) && ranks > 0 && stages.length % ranks === 0 ? `, ${stages.length / ranks} per rank` : '';
    return `${stages.length} stage${stages.length === 1 ? '' : 's'}${per}`;
  } catch {
    return 'does not parse';
  }
}

export function LayoutField() {
  const raw = useAppStore((s) => s.modelDrafts.layout);
  const pp = useAppStore((s) => s.modelDrafts.pp);
  const issue = useAppStore((s) => evaluateModel(s.modelDrafts).errors.layout);
  const column = issue?.column;
  return (
    <ModelTextField field="layout" placeholder="Et*3|(tt|)*29,m|L" hint={<span data-testid="layout-parse">{parsedHint(raw, pp)}</span>}>
      {column !== undefined ? (
        <pre className="layout-caret" aria-hidden="true" data-testid="layout-caret" data-column={column}>
          {raw.trim()}
          {'\n'}
          {' '.repeat(Math.max(0, column - 1))}^
        </pre>
      ) : null}
    </ModelTextField>
  );
}
