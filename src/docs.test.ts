/**
 * Design-note citations resolve inside the repository (docs/style.md G). Code and notes cite
 * `docs/<name>.md` followed by sections in several forms — `§3`, `§1.2-1.3`, `§2, §4`, `§2.1 / §4`,
 * `§2–§3`, style letters `C.4`, `A, G`, `C–E`, a quoted heading (`§7 "CSV (tabular per op)"`) or a
 * backticked one (`` `overlap --pieces` ``). Every cited file must exist in docs/ and every cited
 * section must be one of its headings (a quoted heading inside the cited § when one is given).
 * Also: relative links in the repository's markdown resolve, and docs/cli.md's status table agrees
 * with the commands src/cli/main.ts registers.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const SKIP_DIRS = new Set(['node_modules', 'screenshots', '__golden__']);

function walk(dir: string, keep: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return SKIP_DIRS.has(name) ? [] : walk(path, keep);
    return keep(name) && path !== SELF ? [path] : [];
  });
}

const CODE = (n: string) => /\.(tsx?|mjs|js|css|sh)$/.test(n);
const MARKDOWN = (n: string) => n.endsWith('.md');

export interface Ref {
  /** `3`, `1.2`, `C`, `C.4` */
  sections: string[];
  /** quoted heading text */
  quoted?: string;
  /** backticked heading text */
  code?: string;
}

/** Expands `1.2`..`1.4` → 1.2, 1.3, 1.4; `3`..`4`; `C`..`E`. Unrelated endpoints stay as they are. */
function expand(from: string, to: string): string[] {
  const a = from.split('.');
  const b = to.split('.');
  const last = a.length - 1;
  if (a.length === b.length && a.slice(0, last).join('.') === b.slice(0, last).join('.')) {
    const prefix = a
      .slice(0, last)
      .map((p) => `${p}.`)
      .join('');
    const [x, y] = [a[last], b[last]];
    const num = /^\d+$/.test(x) && /^\d+$/.test(y);
    const lo = num ? Number(x) : x.charCodeAt(0);
    const hi = num ? Number(y) : y.charCodeAt(0);
    if (hi >= lo && hi - lo < 20)
      return Array.from({ length: hi - lo + 1 }, (_, i) => prefix + (num ? lo + i : String.fromCharCode(lo + i)));
  }
  return [from, to];
}

const SECTION = String.raw`(?:§\s?(\d+(?:\.\d+)*)(?:\s?[-–]\s?§?\s?(\d+(?:\.\d+)*))?)`;
const LETTER = String.raw`(?:([A-Z](?:\.\d+)?)(?:\s?[-–]\s?([A-Z](?:\.\d+)?))?(?![\w-]))`;
const QUOTED = String.raw`(?:"([^"\n]{2,80})")`;
const CODED = String.raw`(?:\x60([^\x60\n]{1,60})\x60)`;
const TOKEN = new RegExp(String.raw`^(?:${SECTION}|${LETTER}|${QUOTED}|${CODED})`);
const SEPARATOR = /^(?:\s*(?:,|\/|and)\s*|\s+)/;

/**
 * Parses what follows a cited file name. `letters`: whether the file has lettered sections (only
 * then is a lone capital a section, not a word). Tokens are separated by spaces, commas, slashes
 * or "and"; the first thing that is not a token ends the citation.
 */
export function parseCitation(rest: string, letters: boolean): Ref[] {
  const refs: Ref[] = [];
  // a citation may wrap onto the next comment line
  let s = rest.replace(/^\x60/, '').replace(/\s*\n\s*(?:\*(?!\/)|\/\/)?\s*/g, ' ');
  let first = true;
  for (;;) {
    const sep = first ? /^\s*/.exec(s)! : SEPARATOR.exec(s);
    if (!sep) break;
    const m = TOKEN.exec(s.slice(sep[0].length));
    if (!m) break;
    const [all, sFrom, sTo, lFrom, lTo, quoted, code] = m;
    if (sFrom) refs.push({ sections: sTo ? expand(sFrom, sTo) : [sFrom] });
    else if (lFrom) {
      if (!letters) break;
      refs.push({ sections: lTo ? expand(lFrom, lTo) : [lFrom] });
    } else if (quoted !== undefined) {
      // a quoted heading qualifies the section just before it, or stands alone
      const prev = refs[refs.length - 1];
      if (prev && prev.quoted === undefined && prev.code === undefined && prev.sections.length === 1) prev.quoted = quoted;
      else refs.push({ sections: [], quoted });
    } else refs.push({ sections: [], code });
    s = s.slice(sep[0].length + all.length);
    first = false;
  }
  return refs;
}

interface Heading {
  number: string | null;
  text: string;
  level: number;
}

export function headingsOf(markdown: string): Heading[] {
  const out: Heading[] = [];
  let fence = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) fence = !fence;
    const m = fence ? null : /^(#{1,6})\s+(.*?)\s*$/.exec(line);
    if (!m) continue;
    const n = /^§?(\d+(?:\.\d+)*|[A-Z](?:\.\d+)?)\.?(?=\s|$)/.exec(m[2]);
    out.push({ number: n ? n[1] : null, text: m[2], level: m[1].length });
  }
  return out;
}

/** Problems with one citation of a note with these headings; empty when it resolves. */
export function checkRef(ref: Ref, headings: Heading[]): string[] {
  const problems: string[] = [];
  const index = (num: string) => headings.findIndex((h) => h.number === num);
  for (const num of ref.sections) if (index(num) < 0) problems.push(`no section ${/^\d/.test(num) ? '§' : ''}${num}`);
  const wanted = ref.quoted ?? ref.code;
  if (wanted !== undefined) {
    let scope = headings;
    if (ref.sections.length === 1 && index(ref.sections[0]) >= 0) {
      const at = index(ref.sections[0]);
      const end = headings.findIndex((h, i) => i > at && h.level <= headings[at].level);
      scope = headings.slice(at, end < 0 ? undefined : end);
    }
    if (!scope.some((h) => h.text.toLowerCase().includes(wanted.toLowerCase())))
      problems.push(`no heading containing "${wanted}"${scope === headings ? '' : ` inside §${ref.sections[0]}`}`);
  }
  return problems;
}

const DOCS = join(ROOT, 'docs');
const notes = new Map(
  readdirSync(DOCS)
    .filter(MARKDOWN)
    .map((f) => [f, headingsOf(readFileSync(join(DOCS, f), 'utf8'))] as const),
);

const citingFiles = [
  ...['src', 'e2e', 'scripts', 'bin'].flatMap((d) => walk(join(ROOT, d), CODE)),
  ...walk(DOCS, MARKDOWN),
  ...walk(join(ROOT, 'src'), MARKDOWN),
  ...walk(join(ROOT, 'fixtures'), MARKDOWN),
  join(ROOT, 'README.md'),
];

describe('design-note citations', () => {
  it('finds the notes and the citing files', () => {
    expect([...notes.keys()]).toEqual(expect.arrayContaining(['schedules.md', 'overlap.md', 'fp8.md', 'style.md', 'cli.md', 'units.md']));
    expect(citingFiles.length).toBeGreaterThan(100);
  });

  it('every cited docs/<name>.md and section exists', () => {
    const problems: string[] = [];
    let cited = 0;
    for (const file of citingFiles) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bdocs\/([a-z0-9-]+)\.md/g)) {
        cited++;
        const line = text.slice(0, m.index).split('\n').length;
        const where = `${relative(ROOT, file)}:${line} ${m[0]}`;
        const headings = notes.get(`${m[1]}.md`);
        if (!headings) {
          problems.push(`${where}: docs/${m[1]}.md does not exist`);
          continue;
        }
        const letters = headings.some((h) => h.number !== null && /^[A-Z]/.test(h.number));
        for (const ref of parseCitation(text.slice(m.index + m[0].length, m.index + m[0].length + 200), letters)) {
          for (const p of checkRef(ref, headings)) problems.push(`${where}: ${p}`);
        }
      }
    }
    expect(cited).toBeGreaterThan(150);
    expect(problems).toEqual([]);
  });

  it('relative links in markdown resolve', () => {
    const problems: string[] = [];
    for (const file of citingFiles.filter((f) => f.endsWith('.md'))) {
      const text = readFileSync(file, 'utf8');
      const targets = [
        ...[...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]),
        ...[...text.matchAll(/\x60((?:\.\.?\/)+[\w./-]+\.md)\x60/g)].map((m) => m[1]),
      ];
      for (const t of targets) {
        if (/^[a-z]+:|^#/.test(t)) continue;
        if (!existsSync(join(dirname(file), t.split('#')[0]))) problems.push(`${relative(ROOT, file)}: ${t}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('the citation parser', () => {
  const sections = (rest: string, letters = false) => parseCitation(rest, letters).flatMap((r) => r.sections);
  it('reads numbered sections, lists and ranges', () => {
    expect(sections(' §3 directly')).toEqual(['3']);
    expect(sections(' §1.2-1.3).')).toEqual(['1.2', '1.3']);
    expect(sections(' §3.3-3.5):')).toEqual(['3.3', '3.4', '3.5']);
    expect(sections(' §2, §4). Where')).toEqual(['2', '4']);
    expect(sections(' §2.1 / §4. */')).toEqual(['2.1', '4']);
    expect(sections('` §2–§3 has')).toEqual(['2', '3']);
    expect(sections(' §2 and the closed forms')).toEqual(['2']);
    expect(sections(' §2.2: "saturate" = PTX')).toEqual(['2.2']);
    expect(sections(' and\n * §3: the forward')).toEqual([]);
    expect(sections('\n * §3: the forward')).toEqual(['3']);
  });
  it('reads style letters only where the note has them', () => {
    expect(sections(' A, G): render/', true)).toEqual(['A', 'G']);
    expect(sections(' C.4): recomputed', true)).toEqual(['C.4']);
    expect(sections('` C–E.', true)).toEqual(['C', 'D', 'E']);
    expect(sections(' B: boundary test', true)).toEqual(['B']);
    expect(sections(' I think', false)).toEqual([]);
    expect(sections(' Figure 4', true)).toEqual([]);
  });
  it('attaches quoted and backticked headings', () => {
    expect(parseCitation(' §7 "CSV (tabular per op)"), for', false)).toEqual([{ sections: ['7'], quoted: 'CSV (tabular per op)' }]);
    expect(parseCitation(' "recommended export mapping"): pid', false)).toEqual([{ sections: [], quoted: 'recommended export mapping' }]);
    expect(parseCitation(' `overlap --pieces`).', false)).toEqual([{ sections: [], code: 'overlap --pieces' }]);
  });
  it('reports a missing section or heading', () => {
    const hs = headingsOf('# T\n## 1. One\n### 1.1 Sub\n## 2. Two\n### 2.1 CSV (tabular)\n```\n## 9. in code\n```\n');
    expect(checkRef({ sections: ['1.1'] }, hs)).toEqual([]);
    expect(checkRef({ sections: ['9'] }, hs)).toEqual(['no section §9']);
    expect(checkRef({ sections: ['2'], quoted: 'csv (TABULAR)' }, hs)).toEqual([]);
    expect(checkRef({ sections: ['1'], quoted: 'CSV (tabular)' }, hs)).toEqual(['no heading containing "CSV (tabular)" inside §1']);
  });
});

describe('docs/cli.md command status', () => {
  const main = readFileSync(join(ROOT, 'src/cli/main.ts'), 'utf8');
  const block = /const COMMANDS[^=]*=\s*\{([\s\S]*?)\n\};/.exec(main);
  const registered = block ? [...block[1].matchAll(/^\s*['"]?([\w-]+)['"]?\s*:/gm)].map((m) => m[1]) : [];
  const rows = [
    ...readFileSync(join(DOCS, 'cli.md'), 'utf8').matchAll(/^\|\s*\x60([^\x60]+)\x60([^|]*)\|\s*(available|planned)\s*\|/gm),
  ].map(([, command, extra, status]) => ({ command, whole: extra.trim() === '', status, key: command.split(' ')[0] }));

  it('src/cli/main.ts registers its commands in COMMANDS', () => {
    expect(registered.length, 'could not read the COMMANDS object of src/cli/main.ts').toBeGreaterThan(0);
  });
  it('every registered command is marked available, and every available one is registered', () => {
    const available = rows.filter((r) => r.status === 'available').map((r) => r.key);
    const plannedButThere = rows.filter((r) => r.status === 'planned' && r.whole && registered.includes(r.key)).map((r) => r.command);
    expect(
      registered.filter((c) => !available.includes(c)),
      'registered in src/cli/main.ts but not "available" in docs/cli.md',
    ).toEqual([]);
    expect(
      available.filter((c) => !registered.includes(c)),
      '"available" in docs/cli.md but not registered',
    ).toEqual([]);
    expect(plannedButThere, 'marked "planned" in docs/cli.md but registered: update the status table').toEqual([]);
  });
});
