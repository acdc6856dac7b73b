// How much of the WASM bundle the policy engine is. Reads the wasm cargo built before
// wasm-bindgen/wasm-opt (it still has function names), adds up the code of functions by
// module path, and applies each share to the final bundle's brotli size. An estimate:
// wasm-opt shrinks code unevenly, but the order of magnitude is what the budget needs.
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const root = path.resolve(import.meta.dirname, '..', '..');
const raw = readFileSync(path.join(root, 'target/front/wasm32-unknown-unknown/wasm-release/frontend.wasm'));
const pkg = path.join(root, 'target/site/pkg');
const final = readFileSync(path.join(pkg, readdirSync(pkg).find((f) => f.endsWith('.wasm'))));
const finalBrotli = brotliCompressSync(final, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

let pos = 8;
const u32 = () => { let r = 0, s = 0, b; do { b = raw[pos++]; r |= (b & 0x7f) << s; s += 7; } while (b & 0x80); return r >>> 0; };
const str = () => { const n = u32(); const t = raw.toString('utf8', pos, pos + n); pos += n; return t; };
let imported = 0; const bodies = []; const names = new Map();
while (pos < raw.length) {
  const id = raw[pos++]; const size = u32(); const end = pos + size;
  if (id === 2) { // imports: functions take the first indices
    for (let n = u32(); n > 0; n--) { str(); str(); const kind = raw[pos++];
      if (kind === 0) { u32(); imported++; } else if (kind === 1) { pos++; const f = u32(); u32(); if (f & 1) u32(); }
      else if (kind === 2) { const f = u32(); u32(); if (f & 1) u32(); } else { pos += 2; } }
  } else if (id === 10) {
    for (let n = u32(); n > 0; n--) { const len = u32(); bodies.push(len); pos += len; }
  } else if (id === 0 && str() === 'name') {
    while (pos < end) { const sub = raw[pos++]; const len = u32(); const subEnd = pos + len;
      if (sub === 1) for (let n = u32(); n > 0; n--) { const idx = u32(); names.set(idx, str()); }
      pos = subEnd; }
  }
  pos = end;
}
const groups = { 'policy engine (app::domain::engine)': /3app6domain6engine/, 'rest of the domain (app::domain)': /3app6domain/, 'checker views (app::pages)': /3app5pages/ };
const total = bodies.reduce((a, b) => a + b, 0);
const sums = Object.fromEntries(Object.keys(groups).map((k) => [k, 0]));
bodies.forEach((len, i) => {
  const name = names.get(i + imported) ?? '';
  for (const [k, re] of Object.entries(groups)) if (re.test(name)) { sums[k] += len; break; }
});
console.log(`WASM code before wasm-opt: ${(total / 1024).toFixed(1)} KB in ${bodies.length} functions; final bundle ${(finalBrotli / 1024).toFixed(1)} KB brotli`);
for (const [k, v] of Object.entries(sums)) {
  const share = v / total;
  console.log(`${k.padEnd(40)} ${(v / 1024).toFixed(1).padStart(7)} KB code  ${(share * 100).toFixed(1).padStart(5)}%  ≈ ${(share * finalBrotli / 1024).toFixed(1)} KB brotli`);
}
