import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * A tiny static file server on 127.0.0.1 (random port) for a built site, optionally under a
 * base path, as a static host would serve it: `/base/x/` serves `x/index.html`, anything outside
 * the base or the folder is a 404. It records every response and its body size, which is how the
 * search measurements count bytes (the browser's own accounting misses worker requests).
 */

export interface Served {
  path: string;
  status: number;
  /** Body bytes sent (the server does not compress). */
  bytes: number;
  /** The file that answered, when one did. */
  file?: string;
}

export interface StaticServer {
  /** Origin plus base, ending in `/`, e.g. http://127.0.0.1:41234/hindsight/ */
  url: string;
  /** Every response so far, in order. */
  log: Served[];
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export async function serveStatic(root: string, base = '/'): Promise<StaticServer> {
  const prefix = `/${base.replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
  const log: Served[] = [];
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const send = (status: number, body: Buffer | string, type = 'text/plain; charset=utf-8', file?: string) => {
      const buffer = typeof body === 'string' ? Buffer.from(body) : body;
      log.push({ path: pathname, status, bytes: buffer.length, ...(file ? { file } : {}) });
      res.writeHead(status, { 'content-type': type, 'content-length': buffer.length, 'cache-control': 'no-cache' });
      res.end(req.method === 'HEAD' ? undefined : buffer);
    };
    if (!pathname.startsWith(prefix)) return send(404, 'not found');
    let file = path.resolve(root, `.${pathname.slice(prefix.length - 1)}`);
    if (!file.startsWith(path.resolve(root))) return send(404, 'not found');
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
      if (!pathname.endsWith('/')) {
        log.push({ path: pathname, status: 301, bytes: 0 });
        res.writeHead(301, { location: `${pathname}/` });
        return res.end();
      }
      file = path.join(file, 'index.html');
    }
    if (!fs.existsSync(file)) return send(404, 'not found');
    send(200, fs.readFileSync(file), TYPES[path.extname(file)] ?? 'application/octet-stream', file);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    log,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
