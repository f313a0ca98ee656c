// Prints one closing line per runner and a total: "N passed, N failed[, N skipped]".
// Exits 1 when anything failed or a runner left no report.
// Usage: node scripts/test-summary.mjs out/unit.json out/e2e.json [out/e2e-subpath.json ...]
// (the first report is vitest's, every further one Playwright's; each is labelled by its file name)
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';

const [unitPath, ...e2ePaths] = process.argv.slice(2);
const read = (p) => (p && existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) : null);
const total = { passed: 0, failed: 0, skipped: 0 };
const line = (label, c) => `${label}: ${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ''}`;
const add = (label, c) => {
  console.log(line(label, c));
  for (const k of Object.keys(total)) total[k] += c[k];
};

const unit = read(unitPath);
if (unit) {
  add('unit', {
    passed: unit.numPassedTests,
    // a test file that fails to load counts as one failure
    failed: unit.numFailedTests + (unit.numFailedTestSuites > 0 && unit.numFailedTests === 0 ? 1 : 0),
    skipped: unit.numPendingTests + unit.numTodoTests,
  });
} else add('unit', { passed: 0, failed: 1, skipped: 0 });

for (const path of e2ePaths.length ? e2ePaths : ['out/e2e.json']) {
  const label = basename(path, '.json');
  const e2e = read(path);
  if (e2e) {
    const s = e2e.stats;
    add(label, { passed: s.expected + s.flaky, failed: s.unexpected + (e2e.errors?.length && !s.unexpected ? 1 : 0), skipped: s.skipped });
  } else add(label, { passed: 0, failed: 1, skipped: 0 });
}

console.log(line('total', total));
process.exit(total.failed > 0 || total.passed === 0 ? 1 : 0);
