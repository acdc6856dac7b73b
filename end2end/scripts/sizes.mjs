// Page-weight budgets, measured on the built site and the release server, brotli, counting
// everything a page downloads (its HTML with the inlined CSS, and the /pkg/ files it names):
//   a page without an island <= 20 KB (the first screen of /check among them);
//   on a page with islands, the bundle (WASM + JS) <= 150 KB; the whole page's goal is 100 KB,
//   printed beside it, which needs a lighter bundle (the speed issue's second item);
//   the first response (HTML + inlined CSS) <= 14 KB compressed, so one round trip renders.
// `node sizes.mjs` prints the figures (make bench); `--check` also fails when over (make test).
import { spawn } from 'node:child_process';
import { readFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { CHECKER_RESULTS } from './answers.mjs';

const KB = 1024;
const BUDGET_PLAIN_PAGE = 20 * KB;
const BUDGET_ISLAND_BUNDLE = 150 * KB;
const GOAL_ISLAND_PAGE = 100 * KB;
const BUDGET_FIRST_RESPONSE = 14 * KB;
const root = path.resolve(import.meta.dirname, '..', '..');
const site = path.join(root, 'target', 'site');
const check = process.argv.includes('--check');

const br = (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const gz = (b) => gzipSync(b, { level: 9 }).length;
const kb = (n) => `${(n / KB).toFixed(1)} KB`;

const RESULTS = new URLSearchParams(CHECKER_RESULTS);
const PAGES = [
  { name: 'home /', path: '/' },
  { name: 'checker, first screen /check', path: '/check' },
  { name: 'checker results (POST /check)', path: '/check', body: RESULTS },
  { name: 'sign-in /signin', path: '/signin' },
  { name: 'apply /apply', path: '/apply' },
  { name: 'workbench sign-in /staff', path: '/staff' },
];

async function fetchPages() {
  if (!existsSync(path.join(site, 'pkg'))) throw new Error(`no built site at ${site}: run make build first`);
  const port = 3300 + (process.pid % 500);
  const dir = mkdtempSync(path.join(tmpdir(), 'portal-sizes-'));
  const server = spawn(path.join(root, 'target', 'release', 'server'), [], {
    env: { ...process.env, PORTAL_BIND: `127.0.0.1:${port}`, PORTAL_DATABASE_URL: `sqlite://${dir}/p.db`,
           PORTAL_SITE_ROOT: site, PORTAL_LOG: 'warn' },
    stdio: 'ignore',
  });
  const get = async (page) => {
    const res = await fetch(`http://127.0.0.1:${port}${page.path}`, {
      method: page.body ? 'POST' : 'GET',
      body: page.body,
      headers: { 'accept-encoding': 'identity', ...(page.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    });
    if (!res.ok) throw new Error(`${page.name}: ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  };
  try {
    for (let i = 0; ; i++) {
      try { await get(PAGES[0]); break; } catch (e) {
        if (i > 100) throw new Error(`server did not start: ${e.message}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const out = [];
    for (const page of PAGES) out.push({ ...page, html: await get(page) });
    return out;
  } finally {
    server.kill('SIGTERM');
  }
}

// The /pkg/ files a page names (its module script, the WASM it preloads), each counted once.
function assets(html) {
  const names = new Set(html.toString('utf8').match(/\/pkg\/[\w.\-]+/g) ?? []);
  return [...names].map((name) => ({ name, bytes: readFileSync(path.join(site, name)) }));
}

const over = [];
const rows = [];
for (const page of await fetchPages()) {
  const files = assets(page.html);
  const island = page.html.includes('<leptos-island');
  const first = Math.max(gz(page.html), br(page.html));
  const bundle = files.reduce((n, f) => n + br(f.bytes), 0);
  const total = br(page.html) + bundle;
  const limit = island ? `bundle ${kb(BUDGET_ISLAND_BUNDLE)}, goal ${kb(GOAL_ISLAND_PAGE)}` : kb(BUDGET_PLAIN_PAGE);
  rows.push([page.name, island ? 'yes' : 'no', kb(br(page.html)), kb(bundle), kb(total), limit]);
  if (!island && files.length) over.push(`${page.name} has no island but downloads ${files.map((f) => f.name).join(', ')}`);
  if (island && files.length < 2) over.push(`${page.name} has an island but does not load the bundle`);
  if (!island && total > BUDGET_PLAIN_PAGE) over.push(`${page.name} downloads ${kb(total)} brotli, over ${kb(BUDGET_PLAIN_PAGE)}`);
  if (island && bundle > BUDGET_ISLAND_BUNDLE) over.push(`${page.name}'s bundle is ${kb(bundle)} brotli, over ${kb(BUDGET_ISLAND_BUNDLE)}`);
  if (first > BUDGET_FIRST_RESPONSE) over.push(`${page.name}'s first response is ${kb(first)} compressed, over ${kb(BUDGET_FIRST_RESPONSE)}`);
}
const widths = [34, 7, 10, 10, 10, 32];
const line = (cells) => cells.map((c, i) => (i === 0 || i === 5 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' ');
console.log(line(['page (brotli)', 'island', 'HTML', 'bundle', 'total', 'budget']));
for (const r of rows) console.log(line(r));
if (check) {
  if (over.length) {
    console.error(`budget exceeded:\n  ${over.join('\n  ')}`);
    process.exit(1);
  }
  console.log('budgets: ok');
}
