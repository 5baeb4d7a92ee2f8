import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bodyStoreFile, readStoredBody, writeBodyStore } from '../../src/astro/body-store-fs.ts';

/** The bodies the loader keeps out of Astro's content store, read back by the incident pages. */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-body-store-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('body store', () => {
  it('lies in the Astro cache folder it is given, relative to the project', () => {
    expect(bodyStoreFile('cache/x', '/project')).toBe('/project/cache/x/hindsight-bodies.json');
    expect(bodyStoreFile(undefined, '/project')).toBe('/project/node_modules/.astro/hindsight-bodies.json');
  });

  it('gives back each body with its entry digest, and leaves no temporary file', () => {
    const file = path.join(dir, 'a', 'bodies.json');
    writeBodyStore(file, {
      one: { digest: 'd1', mdx: true, body: '# One\n' },
      two: { digest: 'd2', mdx: false, body: 'Two ✓\n' },
    });
    expect(readStoredBody(file, 'one', 'd1')).toEqual({ digest: 'd1', mdx: true, body: '# One\n' });
    expect(readStoredBody(file, 'two', 'd2').body).toBe('Two ✓\n');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['bodies.json']);
  });

  it('reads the file again once it is replaced', () => {
    const file = path.join(dir, 'b.json');
    writeBodyStore(file, { one: { digest: 'old', mdx: false, body: 'old' } });
    expect(readStoredBody(file, 'one', 'old').body).toBe('old');
    writeBodyStore(file, { one: { digest: 'new', mdx: false, body: 'new text' } });
    expect(readStoredBody(file, 'one', 'new').body).toBe('new text');
  });

  it('refuses a body whose digest is not its entry’s, an unknown id, and a missing file', () => {
    const file = path.join(dir, 'c.json');
    writeBodyStore(file, { one: { digest: 'd1', mdx: false, body: 'text' } });
    expect(() => readStoredBody(file, 'one', 'other')).toThrow(/not the one its content entry was stored with/);
    expect(() => readStoredBody(file, 'toString', 'd1')).toThrow(/not the one/);
    expect(() => readStoredBody(path.join(dir, 'none.json'), 'one', 'd1')).toThrow(/were not written/);
  });
});
