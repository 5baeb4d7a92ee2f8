import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateWithCache, validatorDigest } from '../../src/build/validate-cache-fs.ts';
import { scanSecrets } from '../../src/validate/sensitive/secrets.ts';
import { validateContent } from '../../src/validate/validate.ts';
import { fileText, input, source, validFrontmatter } from '../helpers/content.ts';

/** The validation cache on disk, and the digest of the validator's code that keys it. */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-validate-cache-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('validatorDigest', () => {
  it('follows relative imports, and changes with any module they reach and with the lock file', () => {
    const files = {
      'main.ts': "import { b } from './lib/b.ts';\nexport const later = () => import('./c.ts');",
      'lib/b.ts': "import words from '../words.json' with { type: 'json' };\nimport { z } from 'zod';\nexport const b = words;",
      'c.ts': 'export const c = 1;',
      'words.json': '["blame"]',
      'unrelated.ts': 'export const u = 1;',
      'lock.json': '{}',
    };
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    const digest = () => validatorDigest([path.join(dir, 'main.ts')], path.join(dir, 'lock.json'));
    const first = digest();
    expect(digest()).toBe(first);
    fs.writeFileSync(path.join(dir, 'unrelated.ts'), 'export const u = 2;');
    expect(digest()).toBe(first);
    const changes: string[] = [];
    for (const name of ['c.ts', 'words.json', 'lib/b.ts', 'lock.json']) {
      fs.appendFileSync(path.join(dir, name), ' ');
      changes.push(digest());
    }
    expect(new Set([first, ...changes]).size).toBe(5);
  });

  it("covers the project's own validator", () => {
    expect(validatorDigest()).toBe(validatorDigest());
  });
});

describe('validateWithCache', () => {
  it('keeps the results in one file, and reuses them for the same files', async () => {
    const files = input([source('2024/2024-06-06-api-leak.mdx', fileText(validFrontmatter()))], {
      dates: { now: '2026-11-01', earliestYear: 1990 },
    });
    const cacheFile = path.join(dir, 'cache', 'validation.json');
    const first = await validateWithCache(files, cacheFile);
    expect(first.reused).toBe(0);
    expect(fs.readdirSync(path.dirname(cacheFile))).toEqual(['validation.json']);
    const second = await validateWithCache(files, cacheFile);
    expect(second.reused).toBe(1);
    expect(second.result).toEqual(validateContent({ ...files, secrets: await scanSecrets(files.postmortems) }));
    // An unreadable cache file is a cold start, not a failure.
    fs.writeFileSync(cacheFile, '{"version": 1, "run"');
    expect((await validateWithCache(files, cacheFile)).reused).toBe(0);
  });
});
