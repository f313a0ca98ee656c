// Prints one closing line per runner and a total: "N passed, N failed[, N skipped]". Every
// skipped test is named with its reason (vitest: the describe/test title, which says why; Playwright:
// the skip annotation), and every failed one is named, so nothing is skipped or lost silently.
// Exits 1 when anything failed or a runner left no report.
// Usage: node scripts/test-summary.mjs out/unit.json out/e2e.json [out/e2e-subpath.json ...]
// (the first report is vitest's, every further one Playwright's; each is labelled by its file name)
import { existsSync, readFileSync } from 'node:fs';
import { basename, relative } from 'node:path';

const [unitPath, ...e2ePaths] = process.argv.slice(2);
const read = (p) => (p && existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) : null);
const total = { passed: 0, failed: 0, skipped: 0 };
const line = (label, c) => `${label}: ${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ''}`;
const add = (label, c, named = []) => {
  console.log(line(label, c));
  for (const n of named) console.log(`  ${n}`);
  for (const k of Object.keys(total)) total[k] += c[k];
};

/** vitest's JSON report (jest's format): counts, and the skipped and failed tests by file and title */
function unitCounts(unit) {
  const named = [];
  for (const file of unit.testResults ?? []) {
    const where = relative(process.cwd(), file.name);
    if (file.status === 'failed' && !(file.assertionResults ?? []).some((a) => a.status === 'failed'))
      named.push(`failed: ${where} (did not run: ${(file.message ?? '').split('\n')[0]})`);
    for (const a of file.assertionResults ?? []) {
      if (a.status === 'failed') named.push(`failed: ${where} › ${a.fullName}`);
      else if (a.status !== 'passed') named.push(`${a.status === 'todo' ? 'todo' : 'skipped'}: ${where} › ${a.fullName}`);
    }
  }
  return {
    passed: unit.numPassedTests,
    // a test file that fails to load counts as one failure
    failed: unit.numFailedTests + (unit.numFailedTestSuites > 0 && unit.numFailedTests === 0 ? 1 : 0),
    skipped: unit.numPendingTests + unit.numTodoTests,
    named,
  };
}

/** Playwright's JSON report: counts from its stats, names from the suites (file › describe › title) */
function e2eCounts(report) {
  const named = [];
  const walk = (suite, path) => {
    const here = suite.title ? [...path, suite.title] : path;
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        const name = [...here, spec.title].join(' › ');
        if (t.status === 'skipped') {
          const why =
            (t.annotations ?? []).find((a) => a.type === 'skip' || a.type === 'fixme')?.description ??
            // never started: Playwright skips a project's tests when a project it depends on failed
            (t.results?.length
              ? 'skipped in the test, no reason given'
              : `not run: project ${t.projectName} waits for the projects it depends on, and a test there failed`);
          named.push(`skipped: ${name} (${why})`);
        } else if (t.status === 'unexpected') named.push(`failed: ${name}`);
        else if (t.status === 'flaky') named.push(`flaky (passed on retry): ${name}`);
      }
    }
    for (const s of suite.suites ?? []) walk(s, here);
  };
  for (const s of report.suites ?? []) walk(s, []);
  for (const e of report.errors ?? []) named.push(`error: ${(e.message ?? String(e)).split('\n')[0]}`);
  const s = report.stats;
  return {
    passed: s.expected + s.flaky,
    failed: s.unexpected + (report.errors?.length && !s.unexpected ? 1 : 0),
    skipped: s.skipped,
    named,
  };
}

const unit = read(unitPath);
if (unit) {
  const { named, ...c } = unitCounts(unit);
  add('unit', c, named);
} else add('unit', { passed: 0, failed: 1, skipped: 0 }, [`failed: no report at ${unitPath}`]);

for (const path of e2ePaths.length ? e2ePaths : ['out/e2e.json']) {
  const label = basename(path, '.json');
  const report = read(path);
  if (report) {
    const { named, ...c } = e2eCounts(report);
    add(label, c, named);
  } else add(label, { passed: 0, failed: 1, skipped: 0 }, [`failed: no report at ${path}`]);
}

console.log(line('total', total));
process.exit(total.failed > 0 || total.passed === 0 ? 1 : 0);
