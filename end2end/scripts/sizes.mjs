// Page-weight budgets, measured on the built site and the release server, brotli, counting
// everything a page downloads (its HTML with the inlined CSS, and the /pkg/ files it names):
//   a page without an island <= 20 KB (the first screen of /check among them);
//   a page with islands <= 100 KB, HTML and bundle together: each downloads the lean bundle
//   of its islands (app::components::islands::BUNDLES), never the one with all of them;
//   the first response (HTML + inlined CSS) <= 14 KB compressed, so one round trip renders.
// `node sizes.mjs` prints the figures (make bench); `--check` also fails when over (make test).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { CHECKER_RESULTS } from './answers.mjs';
import { site, startServer } from './release_server.mjs';

const KB = 1024;
const BUDGET_PLAIN_PAGE = 20 * KB;
const BUDGET_ISLAND_PAGE = 100 * KB;
const BUDGET_FIRST_RESPONSE = 14 * KB;
const check = process.argv.includes('--check');

const br = (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const gz = (b) => gzipSync(b, { level: 9 }).length;
const kb = (n) => `${(n / KB).toFixed(1)} KB`;

const RESULTS = new URLSearchParams(CHECKER_RESULTS);
// Every page with an island, and the plain pages a citizen opens first. `who`: a citizen ready
// to apply (with a draft), one just signed in (the pledge not yet signed), or a community worker.
const PAGES = [
  { name: 'home /', path: '/' },
  { name: 'checker, first screen /check', path: '/check' },
  { name: 'checker results (POST /check)', path: '/check', body: RESULTS },
  { name: 'sign-in /signin', path: '/signin' },
  { name: 'apply /apply', path: '/apply' },
  { name: 'workbench sign-in /staff', path: '/staff' },
  { name: 'residence step (area picker)', path: '/apply/step/residence', who: 'applicant' },
  { name: 'spending step (char count)', path: '/apply/step/spending', who: 'applicant' },
  { name: 'pledge (signature pad)', path: '/pledge', who: 'newcomer' },
  { name: 'visits (offline queue)', path: '/staff/visits', who: 'worker' },
];

async function fetchPages() {
  const server = await startServer(3300 + (process.pid % 500));
  try {
    const applicant = `sid=${await server.citizen('13900007781')}`;
    await server.post('/apply/step/who', { for_whom: 'self' }, applicant);
    const cookies = {
      applicant,
      newcomer: `sid=${await server.citizen('13900007782', { ready: false })}`,
      worker: await server.staff('sizes.worker', 'community_worker', '320104001001'),
    };
    const out = [];
    for (const page of PAGES) {
      const res = await fetch(server.base + page.path, {
        method: page.body ? 'POST' : 'GET',
        body: page.body,
        redirect: 'manual',
        headers: { 'accept-encoding': 'identity', ...(page.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
                   ...(page.who ? { cookie: cookies[page.who] } : {}) },
      });
      if (!res.ok) throw new Error(`${page.name}: ${res.status}`);
      out.push({ ...page, html: Buffer.from(await res.arrayBuffer()) });
    }
    return out;
  } finally {
    server.stop();
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
  const limit = island ? kb(BUDGET_ISLAND_PAGE) : kb(BUDGET_PLAIN_PAGE);
  const bundleName = files.find((f) => f.name.endsWith('.wasm'))?.name.replace(/^\/pkg\/|\.[-\w]+\.wasm$/g, '') ?? '';
  rows.push([page.name, island ? 'yes' : 'no', kb(br(page.html)), kb(bundle), kb(total), limit, bundleName]);
  if (!island && files.length) over.push(`${page.name} has no island but downloads ${files.map((f) => f.name).join(', ')}`);
  if (island && files.length < 2) over.push(`${page.name} has an island but does not load the bundle`);
  if (!island && total > BUDGET_PLAIN_PAGE) over.push(`${page.name} downloads ${kb(total)} brotli, over ${kb(BUDGET_PLAIN_PAGE)}`);
  if (island && total > BUDGET_ISLAND_PAGE) over.push(`${page.name} downloads ${kb(total)} brotli, over ${kb(BUDGET_ISLAND_PAGE)}`);
  if (island && bundleName === 'portal') over.push(`${page.name} downloads the bundle of every island: no lean bundle holds its islands, or the lean bundles were not built`);
  if (first > BUDGET_FIRST_RESPONSE) over.push(`${page.name}'s first response is ${kb(first)} compressed, over ${kb(BUDGET_FIRST_RESPONSE)}`);
}
const widths = [34, 7, 10, 10, 10, 8, 14];
const line = (cells) => cells.map((c, i) => (i === 0 || i === 6 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' ');
console.log(line(['page (brotli)', 'island', 'HTML', 'bundle', 'total', 'budget', 'bundle name']));
for (const r of rows) console.log(line(r));
if (check) {
  if (over.length) {
    console.error(`budget exceeded:\n  ${over.join('\n  ')}`);
    process.exit(1);
  }
  console.log('budgets: ok');
}
