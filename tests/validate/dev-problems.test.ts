import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/format/diagnostics.ts';
import { devProblems } from '../../src/validate/dev-problems.ts';
import { copyFixture, ROOT } from '../helpers/authoring.ts';
import { freePort } from '../helpers/nginx.ts';
import { cleanEnv } from '../helpers/project.ts';

/** Under `npm run dev`, a postmortem left out for its errors shows them on its address instead of a bare 404. */

const error = (file: string, message: string): Diagnostic => ({
  file,
  line: 5,
  column: 11,
  severity: 'error',
  rule: 'schema',
  field: 'severity',
  message,
});

describe('devProblems', () => {
  const diagnostics = [
    error('content/postmortems/2024/2024-06-06-api-leak.mdx', 'unknown severity "SEV9"'),
    { ...error('content/postmortems/2024-01-01-other.mdx', 'a warning'), severity: 'warning' as const },
    error('content/services.yaml', 'the id "api" is listed twice'),
  ];

  it('puts the errors of the file the address names first, under a base path too', () => {
    expect(devProblems(diagnostics, '/hindsight/postmortems/2024-06-06-api-leak/', '/hindsight/')).toEqual({
      slug: '2024-06-06-api-leak',
      page: [diagnostics[0]],
      others: [diagnostics[2]],
    });
  });

  it('lists every error, and no warning, for any other address', () => {
    expect(devProblems(diagnostics, '/services/nope/', '/')).toEqual({
      slug: undefined,
      page: [],
      others: [diagnostics[0], diagnostics[2]],
    });
  });
});

describe('npm run dev with an invalid postmortem', () => {
  let content: string;
  let server: ChildProcess;
  let url: string;
  const file = () => path.join(content, 'postmortems', '2024-06-06-api-leak.mdx');

  beforeAll(async () => {
    content = copyFixture('basic');
    fs.writeFileSync(file(), fs.readFileSync(file(), 'utf8').replace(/^severity: .*$/m, 'severity: SEV9'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}/`;
    server = spawn(
      process.execPath,
      [path.join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'dev', '--host', '127.0.0.1', '--port', String(port)],
      {
        cwd: ROOT,
        // A content store of its own, apart from the builds other tests run at the same time.
        env: cleanEnv({ HINDSIGHT_CONTENT_DIR: content, HINDSIGHT_DRAFTS: '1', HINDSIGHT_CACHE_DIR: path.join(content, '.astro-cache') }),
        stdio: 'ignore',
      },
    );
    for (let i = 0; i < 600; i++) {
      if (
        await fetch(url).then(
          () => true,
          () => false,
        )
      )
        return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the dev server did not start within 60 s');
  }, 90_000);
  afterAll(() => {
    server?.kill();
    if (content) fs.rmSync(content, { recursive: true, force: true });
  });

  it('answers its address with a 404 that names the file, the line and the fix', async () => {
    const response = await fetch(`${url}postmortems/2024-06-06-api-leak/`);
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain('<h2 id="dev-problems-title"');
    expect(html).toContain('This postmortem has problems');
    expect(html).toMatch(/2024-06-06-api-leak\.mdx:\d+:\d+ error severity: unknown severity &quot;SEV9&quot;/);
    // Not the generic guess, which would send the author looking for a rename.
    expect(html).not.toContain('may have been renamed');
  }, 30_000);

  it('keeps the generic text, with the problems of the folder, on any other missing address', async () => {
    const response = await fetch(`${url}postmortems/2099-01-01-nothing-here/`);
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain('The postmortem may have been renamed.');
    expect(html).toContain('Problems in the content folder');
  }, 30_000);
});
