// usage: node shot.mjs in.svg out.png [width]
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
const [, , input, out, w] = process.argv;
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const p = await b.newPage({ viewport: { width: Number(w ?? 1200), height: 600 }, deviceScaleFactor: 1 });
const svg = readFileSync(input, 'utf8').replace(/^<\?xml[^>]*>/, '');
await p.setContent(`<html><body style="margin:0">${svg}</body></html>`);
await p.locator('svg').first().screenshot({ path: out, timeout: 120000 });
await b.close();
