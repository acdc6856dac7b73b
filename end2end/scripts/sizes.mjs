// Page-weight budgets from DEVELOPERS.md, measured on the built site:
//   WASM + JS glue <= 150 KB brotli; first response (HTML + inlined CSS) <= 14 KB compressed.
// `node sizes.mjs` prints the figures (make bench); `--check` also fails when over (make test).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const KB = 1024;
const BUDGET_BUNDLE = 150 * KB;
const BUDGET_FIRST_RESPONSE = 14 * KB;
const root = path.resolve(import.meta.dirname, '..', '..');
const pkg = path.join(root, 'target', 'site', 'pkg');
const check = process.argv.includes('--check');

const br = (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const gz = (b) => gzipSync(b, { level: 9 }).length;
const kb = (n) => `${(n / KB).toFixed(1)} KB`;

function newest(ext) {
  if (!existsSync(pkg)) throw new Error(`no built site at ${pkg}: run make build first`);
  const files = readdirSync(pkg).filter((f) => f.endsWith(ext));
  if (files.length !== 1) throw new Error(`expected one *${ext} in ${pkg}, found ${files.join(', ') || 'none'}`);
  return path.join(pkg, files[0]);
}

async function homePage() {
  const port = 3300 + (process.pid % 500);
  const dir = mkdtempSync(path.join(tmpdir(), 'portal-sizes-'));
  const server = spawn(path.join(root, 'target', 'release', 'server'), [], {
    env: { ...process.env, PORTAL_BIND: `127.0.0.1:${port}`, PORTAL_DATABASE_URL: `sqlite://${dir}/p.db`,
           PORTAL_SITE_ROOT: path.join(root, 'target', 'site'), PORTAL_LOG: 'warn' },
    stdio: 'ignore',
  });
  try {
    for (let i = 0; i < 100; i++) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/`, { headers: { 'accept-encoding': 'identity' } });
        return Buffer.from(await res.arrayBuffer());
      } catch { await new Promise((r) => setTimeout(r, 100)); }
    }
    throw new Error('server did not start');
  } finally {
    server.kill('SIGTERM');
  }
}

const wasm = readFileSync(newest('.wasm'));
const js = readFileSync(newest('.js'));
const html = await homePage();
const rows = [
  ['WASM', wasm.length, gz(wasm), br(wasm)],
  ['JS glue', js.length, gz(js), br(js)],
  ['home page HTML (with inline CSS)', html.length, gz(html), br(html)],
];
console.log('what'.padEnd(34), 'raw'.padStart(10), 'gzip'.padStart(10), 'brotli'.padStart(10));
for (const [name, raw, g, b] of rows) console.log(name.padEnd(34), kb(raw).padStart(10), kb(g).padStart(10), kb(b).padStart(10));

const bundle = br(wasm) + br(js);
const first = Math.max(gz(html), br(html));
console.log(`bundle (WASM + JS, brotli): ${kb(bundle)} of ${kb(BUDGET_BUNDLE)}`);
console.log(`first response (compressed): ${kb(first)} of ${kb(BUDGET_FIRST_RESPONSE)}`);
if (check) {
  const over = [];
  if (bundle > BUDGET_BUNDLE) over.push(`WASM + JS is ${kb(bundle)} brotli, over ${kb(BUDGET_BUNDLE)}`);
  if (first > BUDGET_FIRST_RESPONSE) over.push(`home page is ${kb(first)} compressed, over ${kb(BUDGET_FIRST_RESPONSE)}`);
  if (over.length) {
    console.error(`budget exceeded: ${over.join('; ')}`);
    process.exit(1);
  }
  console.log('budgets: ok');
}
