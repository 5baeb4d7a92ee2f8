import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { searchDevIndex } from '../../src/astro/search-dev-index.ts';

/** The dev server's middleware that serves the last build's search index. */

type Middleware = (req: { url?: string }, res: FakeResponse, next: () => void) => void;

class FakeResponse {
  statusCode = 200;
  headers: Record<string, string> = {};
  body = '';
  done!: Promise<void>;
  private finish!: () => void;
  constructor() {
    this.done = new Promise((resolve) => (this.finish = resolve));
  }
  setHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  // fs.createReadStream(...).pipe(res) calls write/end/on/once/emit.
  write(chunk: Buffer | string) {
    this.body += chunk.toString();
    return true;
  }
  end(chunk?: Buffer | string) {
    if (chunk) this.body += chunk.toString();
    this.finish();
  }
  on() {
    return this;
  }
  once() {
    return this;
  }
  emit() {
    return true;
  }
}

const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-devindex-'));
afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

function middleware(base: string): Middleware {
  const integration = searchDevIndex();
  const hooks = integration.hooks as Record<string, (options: unknown) => void>;
  hooks['astro:config:done']!({ config: { outDir: pathToFileURL(`${outDir}/`), base } });
  let use: Middleware | undefined;
  hooks['astro:server:setup']!({ server: { middlewares: { use: (fn: Middleware) => (use = fn) } } });
  return use!;
}

async function request(fn: Middleware, url: string) {
  const res = new FakeResponse();
  let passed = false;
  fn({ url }, res, () => {
    passed = true;
    res.end();
  });
  await res.done;
  return { passed, status: res.statusCode, body: res.body, type: res.headers['content-type'] };
}

describe('search index in the dev server', () => {
  it('explains what to run while there is no build', async () => {
    const response = await request(middleware('/hindsight/'), '/hindsight/pagefind/pagefind.js?import');
    expect(response.status).toBe(404);
    expect(response.body).toMatch(/run `npm run build` first/);
  });

  it('serves the built index under the base path, and nothing else', async () => {
    fs.mkdirSync(path.join(outDir, 'pagefind'), { recursive: true });
    fs.writeFileSync(path.join(outDir, 'pagefind', 'pagefind.js'), 'export const built = true;');
    fs.writeFileSync(path.join(outDir, 'secret.txt'), 'not for the dev server');
    const fn = middleware('/hindsight/');
    const served = await request(fn, '/hindsight/pagefind/pagefind.js?import');
    expect(served).toMatchObject({
      passed: false,
      status: 200,
      body: 'export const built = true;',
      type: 'text/javascript; charset=utf-8',
    });
    expect((await request(fn, '/hindsight/search/')).passed).toBe(true);
    expect((await request(fn, '/pagefind/pagefind.js')).passed).toBe(true);
    const escape = await request(fn, '/hindsight/pagefind/..%2fsecret.txt');
    expect(escape.status).toBe(404);
    expect(escape.body).not.toContain('not for the dev server');
  });
});
