import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../src/site/csp.ts';
import { launchChromium } from './helpers/browser.ts';
import { FIXTURES, runBuild, type BuildResult } from './helpers/build.ts';
import { DEPLOY, freePort, NGINX, startNginx, startSsoNginx, type RunningNginx } from './helpers/nginx.ts';

/**
 * The internal edition behind the shipped nginx configuration (deploy/nginx/), served by
 * Debian's nginx on 127.0.0.1: basic authentication in front of every file, the security
 * headers on every response, and search working through it in Chromium.
 */

const USER = 'reader';
const PASSWORD = 'correct horse battery staple';
const basic = (user: string, password: string) => ({ Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

describe('nginx with deploy/nginx/hindsight.conf', () => {
  let build: BuildResult;
  let nginx: RunningNginx;
  let browser: Browser;

  beforeAll(async () => {
    build = runBuild(path.join(FIXTURES, 'search'));
    expect(build.status, build.stderr).toBe(0);
    nginx = await startNginx(build.outDir, USER, PASSWORD);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await nginx?.close();
    if (build) fs.rmSync(build.outDir, { recursive: true, force: true });
  });

  it('also ships an SSO variant (auth_request to oauth2-proxy) that nginx accepts', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-nginx-sso-'));
    try {
      const key = path.join(dir, 'key.pem');
      const cert = path.join(dir, 'cert.pem');
      const made = spawnSync(
        'openssl',
        ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=hindsight.test', '-days', '1', '-keyout', key, '-out', cert],
        { encoding: 'utf8' },
      );
      expect(made.status, made.stderr).toBe(0);
      const server = fs
        .readFileSync(path.join(DEPLOY, 'hindsight-sso.conf'), 'utf8')
        .replace('listen 443 ssl;', 'listen 127.0.0.1:8443 ssl;')
        .replace('/etc/ssl/certs/hindsight.pem', cert)
        .replace('/etc/ssl/private/hindsight.key', key)
        .replace('/srv/hindsight/dist', build.outDir)
        .replaceAll('/etc/nginx/snippets/hindsight-headers.conf', path.join(DEPLOY, 'hindsight-headers.conf'));
      expect(server).toContain('auth_request /oauth2/auth;');
      fs.writeFileSync(path.join(dir, 'nginx.conf'), `pid ${dir}/pid;\nerror_log ${dir}/error.log;\nevents {}\nhttp {\n${server}\n}\n`);
      const test = spawnSync(NGINX, ['-t', '-p', dir, '-c', path.join(dir, 'nginx.conf')], { encoding: 'utf8' });
      expect(test.stderr).toContain('test is successful');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops with the process that started it, even one killed outright', async () => {
    const script = `const { startNginx } = await import(${JSON.stringify(path.join(import.meta.dirname, 'helpers', 'nginx.ts'))});
const n = await startNginx(${JSON.stringify(build.outDir)}, 'a', 'b');
console.log(JSON.stringify({ pid: n.pid, url: n.url, dir: n.dir }));
setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const started = await new Promise<{ pid: number; url: string; dir: string }>((resolve, reject) => {
      parent.stdout.once('data', (d: Buffer) => resolve(JSON.parse(d.toString()) as { pid: number; url: string; dir: string }));
      parent.once('exit', (code) => reject(new Error(`the starting process exited with ${code}`)));
    });
    expect((await fetch(started.url)).status).toBe(401);
    parent.kill('SIGKILL');
    const alive = () => {
      try {
        process.kill(started.pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 100 && alive(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(alive()).toBe(false);
    await expect(fetch(started.url)).rejects.toThrow();
    // What the killed process could not clean up.
    fs.rmSync(started.dir, { recursive: true, force: true });
  });

  it('with the SSO variant, asks the sign-on proxy about every request and serves only signed-in users', async () => {
    // A stand-in for oauth2-proxy: /oauth2/auth answers 202 for its session cookie, 401 otherwise.
    const asked: string[] = [];
    const proxy = http.createServer((req, res) => {
      if (req.url === '/oauth2/auth') {
        asked.push(String(req.headers['x-original-uri']));
        res.writeHead(req.headers.cookie === '_oauth2_proxy=signed-in' ? 202 : 401).end();
      } else res.writeHead(403, { 'Content-Type': 'text/html' }).end('<p>Sign in with your company account</p>');
    });
    const authPort = await freePort();
    await new Promise<void>((resolve) => proxy.listen(authPort, '127.0.0.1', resolve));
    const sso = await startSsoNginx(build.outDir, authPort);
    try {
      for (const route of ['', 'postmortems.json', 'pagefind/pagefind.js', 'no-such-page/']) {
        const response = await fetch(`${sso.url}${route}`);
        expect(response.status, route).toBe(403);
        expect(await response.text(), route).toBe('<p>Sign in with your company account</p>');
      }
      const response = await fetch(sso.url, { headers: { Cookie: '_oauth2_proxy=signed-in' } });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<h1>');
      expect(response.headers.get('content-security-policy')).toBe(`${contentSecurityPolicy()}; frame-ancestors 'none'`);
      // Asked once per request, and again after nginx's internal redirect of / to /index.html.
      expect([...new Set(asked)]).toEqual(['/', '/postmortems.json', '/pagefind/pagefind.js', '/no-such-page/']);
      expect(asked.slice(4).every((uri) => uri === '/')).toBe(true);
    } finally {
      await sso.close();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('refuses every page and file without credentials, and with wrong ones', async () => {
    for (const route of ['', 'postmortems/', 'pagefind/pagefind.js', 'postmortems.json', 'rss.xml', 'no-such-page/']) {
      const response = await fetch(`${nginx.url}${route}`);
      expect(response.status, route).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Basic realm="Hindsight"');
      expect(await response.text()).not.toContain('postmortem');
    }
    expect((await fetch(nginx.url, { headers: basic(USER, 'wrong') })).status).toBe(401);
    expect((await fetch(nginx.url, { headers: basic('someone', PASSWORD) })).status).toBe(401);
  });

  it('listens on 127.0.0.1 only', () => {
    expect(nginx.config.match(/^\s*listen\b.*$/gm)).toEqual([expect.stringMatching(/^\s*listen 127\.0\.0\.1:\d+;$/)]);
  });

  it('serves the site with credentials, with the security headers as real headers', async () => {
    const response = await fetch(nginx.url, { headers: basic(USER, PASSWORD) });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<h1>');
    // The pages' own policy (the same as their <meta>), plus what only a header can say.
    const policy = contentSecurityPolicy();
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${policy}">`);
    expect(response.headers.get('content-security-policy')).toBe(`${policy}; frame-ancestors 'none'`);
    expect(response.headers.get('permissions-policy')).toContain('camera=()');
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(response.headers.get('x-robots-tag')).toBe('noindex, nofollow');
  });

  it('keeps the headers on hashed assets (cached for a year) and on the 404 page', async () => {
    const css = fs.readdirSync(path.join(build.outDir, '_astro')).find((f) => f.endsWith('.css'))!;
    const asset = await fetch(`${nginx.url}_astro/${css}`, { headers: basic(USER, PASSWORD) });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
    const missing = await fetch(`${nginx.url}no-such-page/`, { headers: basic(USER, PASSWORD) });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('Page not found');
    expect(missing.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('searches through it in Chromium', async () => {
    const context = await browser.newContext({ httpCredentials: { username: USER, password: PASSWORD } });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(`${nginx.url}search/?q=axolotl`);
    await page
      .locator('#search-status')
      .filter({ hasText: /axolotl/ })
      .waitFor();
    const links = await page
      .locator('#search-results > li h2 a')
      .evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    expect(links).toEqual(['/postmortems/2024-06-06-api-leak/']);
    expect(violations).toEqual([]);
    await context.close();
    // The refused logins of the test above are logged as errors; nothing else may be.
    const unexpected = nginx
      .errors()
      .split('\n')
      .filter((line) => /\[(error|crit|alert|emerg)\]/.test(line) && !/password mismatch|was not found in/.test(line));
    expect(unexpected).toEqual([]);
  });
});
