// usage: node app.mjs query out.png [theme] [width]
import { chromium } from '@playwright/test';
const [, , query, out, theme = 'light', w = '1280'] = process.argv;
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const p = await b.newPage({ viewport: { width: Number(w), height: 800 }, deviceScaleFactor: 1, colorScheme: theme });
p.on('pageerror', (e) => console.log('pageerror', e.message));
p.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && console.log('console', m.text()));
await p.goto('http://127.0.0.1:4303/' + query);
await p.waitForFunction(() => window.__pipescope?.ready === true, null, { timeout: 60000 });
await p.evaluate(() => window.__pipescope.settle());
await p.waitForTimeout(300);
await p.screenshot({ path: out });
await b.close();
