import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './build.ts';

/**
 * Debian's nginx, started as a plain foreground process on 127.0.0.1 with the repository's own
 * server configuration (deploy/nginx/), its paths pointed at a built site and a password file of
 * the test's. The system service is never used. Installed by scripts/ensure-nginx.sh when missing.
 */

export const NGINX = '/usr/sbin/nginx';
export const DEPLOY = path.join(ROOT, 'deploy', 'nginx');

export function ensureNginx(): void {
  if (fs.existsSync(NGINX)) return;
  const result = spawnSync('sh', [path.join(ROOT, 'scripts', 'ensure-nginx.sh')], { stdio: 'inherit' });
  if (result.status !== 0 || !fs.existsSync(NGINX))
    throw new Error(`${NGINX} is missing and scripts/ensure-nginx.sh could not install it (as root: apt-get install -y nginx-light)`);
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Waits until something accepts connections on the port, or fails after `ms`. */
async function listening(port: number, child: ChildProcess, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(socket.end() && true)).once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nginx did not listen on 127.0.0.1:${port} within ${ms} ms`);
}

export interface RunningNginx {
  url: string;
  pid: number;
  /** nginx's own folder (configuration, password file, logs), removed by `close`. */
  dir: string;
  /** The configuration nginx runs, as written for it. */
  config: string;
  errors(): string;
  close(): Promise<void>;
}

/** The shipped server block with its paths replaced, as an operator would edit them. */
export function serverBlock(file: string, replacements: { port: number; root: string; htpasswd: string }): string {
  const text = fs.readFileSync(path.join(DEPLOY, file), 'utf8');
  const swap = (pattern: RegExp, value: string) => {
    if (!pattern.test(text)) throw new Error(`${file} no longer has ${pattern}: update tests/helpers/nginx.ts`);
    return value;
  };
  return text
    .replace(/listen 80;/, swap(/listen 80;/, `listen 127.0.0.1:${replacements.port};`))
    .replace(/root \/srv\/hindsight\/dist;/, swap(/root \/srv\/hindsight\/dist;/, `root ${replacements.root};`))
    .replace(/auth_basic_user_file \S+;/, swap(/auth_basic_user_file \S+;/, `auth_basic_user_file ${replacements.htpasswd};`))
    .replaceAll('/etc/nginx/snippets/hindsight-headers.conf', path.join(DEPLOY, 'hindsight-headers.conf'));
}

/** Serves `root` with deploy/nginx/hindsight.conf behind basic auth for `user`:`password`. */
export async function startNginx(root: string, user: string, password: string): Promise<RunningNginx> {
  const dir = nginxFolder(root);
  const htpasswd = path.join(dir, 'htpasswd');
  // {SSHA}: salted SHA-1, which nginx reads natively; operators use `htpasswd` or `openssl passwd -apr1`.
  const salt = Buffer.from('hindsight');
  fs.writeFileSync(
    htpasswd,
    `${user}:{SSHA}${Buffer.concat([createHash('sha1').update(password).update(salt).digest(), salt]).toString('base64')}\n`,
  );
  const port = await freePort();
  return launch(dir, port, serverBlock('hindsight.conf', { port, root, htpasswd }));
}

/**
 * Serves `root` with deploy/nginx/hindsight-sso.conf, asking the single sign-on proxy on
 * 127.0.0.1:`authPort` about each request; plain HTTP on loopback instead of its TLS listener.
 */
export async function startSsoNginx(root: string, authPort: number): Promise<RunningNginx> {
  const dir = nginxFolder(root);
  const port = await freePort();
  const text = fs.readFileSync(path.join(DEPLOY, 'hindsight-sso.conf'), 'utf8');
  for (const needed of ['listen 443 ssl;', 'ssl_certificate ', 'root /srv/hindsight/dist;', 'http://127.0.0.1:4180;'])
    if (!text.includes(needed)) throw new Error(`hindsight-sso.conf no longer has ${needed}: update tests/helpers/nginx.ts`);
  const server = text
    .replace('listen 443 ssl;', `listen 127.0.0.1:${port};`)
    .replace(/^\s*ssl_certificate(_key)? .*$/gm, '')
    .replace('root /srv/hindsight/dist;', `root ${root};`)
    .replaceAll('http://127.0.0.1:4180;', `http://127.0.0.1:${authPort};`)
    .replaceAll('/etc/nginx/snippets/hindsight-headers.conf', path.join(DEPLOY, 'hindsight-headers.conf'));
  return launch(dir, port, server);
}

/** A folder of the test's own for nginx's files. */
function nginxFolder(root: string): string {
  ensureNginx();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-nginx-'));
  // nginx drops to an unprivileged user when started as root: it must read the site.
  for (const p of [root, dir]) spawnSync('chmod', ['-R', 'a+rX', p]);
  return dir;
}

/** Starts nginx with the server block, in `dir`, on 127.0.0.1:`port`, and waits until it listens. */
async function launch(dir: string, port: number, server: string): Promise<RunningNginx> {
  fs.writeFileSync(path.join(dir, 'server.conf'), server);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${path.join(dir, t)};`).join('\n');
  // One process, no workers: nothing of it can outlive the master.
  const config = `pid ${path.join(dir, 'nginx.pid')};\nmaster_process off;\nerror_log ${path.join(dir, 'error.log')} warn;\nevents {}\nhttp {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n  access_log off;\n${temp}\n  include ${path.join(dir, 'server.conf')};\n}\n`;
  fs.writeFileSync(path.join(dir, 'nginx.conf'), config);
  // setpriv (util-linux) execs nginx with the kernel's parent-death signal: a test process
  // killed outright (no afterAll) takes its nginx with it.
  const child = spawn('setpriv', ['--pdeathsig', 'KILL', NGINX, '-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  try {
    await listening(port, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(
      `${(error as Error).message}\n${stderr}${fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : ''}`,
    );
  }
  return {
    url: `http://127.0.0.1:${port}/`,
    pid: child.pid!,
    dir,
    config: `${config}\n${server}`,
    errors: () => `${stderr}${fs.readFileSync(path.join(dir, 'error.log'), 'utf8')}`,
    close: async () => {
      const running = () => child.exitCode === null && child.signalCode === null;
      if (running()) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        // A graceful stop: open connections end first.
        child.kill('SIGQUIT');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (running()) child.kill('SIGKILL');
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
