// The release server on loopback with a fresh SQLite database and the development outbox, and
// the steps a person takes on it with plain form posts (no browser): signing a citizen in with
// the texted code, a staff account made with the server's own command. Shared by the
// page-weight and Lighthouse scripts.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..', '..');
export const site = path.join(root, 'target', 'site');
const binary = path.join(root, 'target', 'release', 'server');
const STAFF_PASSWORD = 'bench-password-2026';

export const hidden = (html, name) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

/** Starts the server on `port`; resolves once it answers /readyz. */
export async function startServer(port) {
  if (!existsSync(path.join(site, 'pkg'))) throw new Error(`no built site at ${site}: run make build first`);
  const dir = mkdtempSync(path.join(tmpdir(), 'portal-release-'));
  const env = { ...process.env, PORTAL_BIND: `127.0.0.1:${port}`, PORTAL_DATABASE_URL: `sqlite://${dir}/p.db`,
                PORTAL_SITE_ROOT: site, PORTAL_UPLOAD_DIR: path.join(dir, 'uploads'), PORTAL_LOG: 'warn', PORTAL_DEV_OUTBOX: '1',
                PORTAL_STAFF_SECOND_FACTOR: '0' };
  const child = spawn(binary, [], { env, stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  const server = {
    base,
    stop: () => child.kill('SIGTERM'),
    /** Posts a form as a browser without JavaScript would, with a cookie. */
    post: (pathname, form, cookie = '') => fetch(base + pathname, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams(form),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    }),
    /** A citizen signed in with a code from the development outbox: the `sid` cookie. With
     * `ready`, also with a verified identity and a signed pledge, ready to apply. */
    async citizen(phone, { ready = true } = {}) {
      const page = await (await server.post('/signin', { phone, action: 'send', next: '/apply' })).text();
      const outbox = await (await fetch(`${base}/dev/outbox`)).text();
      const line = outbox.split('<li').find((l) => l.includes(`data-phone="${phone}"`) && l.includes('验证码是')) ?? '';
      const code = /验证码是 (\d{6})/.exec(line)?.[1];
      if (!code) throw new Error('no sign-in code in the development outbox');
      const res = await server.post('/signin', { phone, challenge: hidden(page, 'challenge'), code, action: 'verify', next: '/apply' });
      const sid = /sid=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
      if (!sid) throw new Error(`sign-in gave no session (${res.status})`);
      const cookie = `sid=${sid}`;
      if (ready) {
        await server.post('/account/identity', { full_name: '周阿姨', id_number: '320104198001011230', consent: 'true' }, cookie);
        await server.post('/pledge', { text_id: '320000-v1-zh-CN', area: '320104', answer: '1', signer_name: '周阿姨' }, cookie);
      }
      return sid;
    },
    /** A staff account made with `server create-staff`, signed in: its cookie header. */
    async staff(username, role, area) {
      execFileSync(binary, ['create-staff', '--username', username, '--name', '测试', '--role', role, '--area', area],
        { env: { ...env, PORTAL_STAFF_PASSWORD: STAFF_PASSWORD } });
      const res = await server.post('/staff/signin', { username, password: STAFF_PASSWORD });
      const sid = /staff_sid=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
      if (!sid) throw new Error(`staff sign-in gave no session (${res.status})`);
      return `staff_sid=${sid}`;
    },
  };
  for (let i = 0; ; i++) {
    try { if ((await fetch(`${base}/readyz`)).ok) return server; } catch { /* not yet */ }
    if (i > 200) { child.kill('SIGTERM'); throw new Error('server did not start'); }
    await new Promise((r) => setTimeout(r, 100));
  }
}
