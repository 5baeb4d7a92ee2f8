import { describe, expect, it } from 'vitest';
import { reusableRecords, runKey, validateReusing, type ValidationCache } from '../../src/build/validate-cache.ts';
import { scanSecrets } from '../../src/validate/sensitive/secrets.ts';
import { readSensitiveSettings } from '../../src/validate/sensitive/settings.ts';
import { validateContent, type ContentInput, type SourceFile } from '../../src/validate/validate.ts';
import { fileText, input, REGISTRIES, source, validFrontmatter } from '../helpers/content.ts';

/**
 * Incremental validation gives what a cold validation gives, byte for byte as JSON, after each
 * kind of change, and reuses exactly the files nothing has changed for.
 */

const { settings: sensitive } = readSensitiveSettings({
  allow: [{ rule: 'personal-data', pattern: 'jane@acme\\.io', reason: 'ours' }],
});

/** A valid postmortem whose times all fall on the date its slug starts with. */
const post = (slug: string, change: Record<string, unknown> = {}, body?: string): SourceFile => {
  const frontmatter = JSON.parse(JSON.stringify(validFrontmatter()).replaceAll('2024-06-06', slug.slice(0, 10))) as Record<string, unknown>;
  return source(`${slug.slice(0, 4)}/${slug}.mdx`, fileText({ ...frontmatter, ...change }, body));
};

const withEmail = `## Root cause and resolution

Write to jane@acme.io about the leak.

## Lessons learned

Watch memory.
`;

const archive = (files: SourceFile[], extra: Partial<ContentInput> = {}) =>
  input(files, { sensitive, dates: { now: '2026-11-01', earliestYear: 1990 }, ...extra });

/** One step: validates cold and with the kept cache, checks both agree, and returns the next cache. */
async function step(files: ContentInput, cache: ValidationCache | undefined, code = 'v1') {
  const cold = validateContent({ ...files, secrets: await scanSecrets(files.postmortems) });
  const run = runKey(files, code);
  const reused = reusableRecords(cache, files, run);
  const incremental = await validateReusing(files, reused, run, scanSecrets);
  expect(JSON.stringify(incremental.result)).toBe(JSON.stringify(cold));
  // The cache goes through JSON between builds.
  return {
    ...incremental,
    cache: JSON.parse(JSON.stringify(incremental.cache)) as ValidationCache,
    reusedPaths: [...reused.keys()].sort(),
  };
}

const a = post('2024-06-06-api-leak', { related: ['2024-06-07-api-again'] });
const b = post('2024-06-07-api-again');
const c = post('2024-06-08-mail-leak', {}, withEmail);

describe('incremental validation', () => {
  it('reuses every unchanged file, and gives what a cold run gives after each kind of change', async () => {
    const first = await step(archive([a, b, c]), undefined);
    expect(first.reused).toBe(0);
    // The configuration's allow entry accepts the address in c: no "unused allow entry" warning.
    expect(first.result.diagnostics.filter((d) => d.rule === 'allow')).toEqual([]);

    const same = await step(archive([a, b, c]), first.cache);
    expect(same.reused).toBe(3);

    // c no longer holds the address: the allow entry is now unused, also with a and b reused.
    const c2 = post('2024-06-08-mail-leak', {}, withEmail.replace('jane@acme.io', 'the team'));
    const edited = await step(archive([a, b, c2]), same.cache);
    expect(edited.reusedPaths).toEqual([a.path, b.path]);
    expect(edited.result.diagnostics.map((d) => d.rule)).toContain('allow');

    // The address is back: the entry counts as used again, by a file validated afresh.
    const back = await step(archive([a, b, c]), edited.cache);
    expect(back.reused).toBe(2);

    const d = post('2025-01-02-new-one');
    const added = await step(archive([a, b, c, d]), back.cache);
    expect(added.reused).toBe(3);

    // b is gone: a names it in `related`, so a is checked again (and now has an error).
    const deleted = await step(archive([a, c, d], { allPaths: [a, c, d].map((f) => f.relPath) }), added.cache);
    expect(deleted.reusedPaths).toEqual([c.path, d.path]);
    expect(deleted.result.diagnostics.some((x) => x.file === a.path && x.severity === 'error')).toBe(true);

    // A second file with d's slug, in another folder: d is checked again (a duplicate slug).
    const twin = { ...d, path: 'content/postmortems/other/2025-01-02-new-one.mdx', relPath: 'other/2025-01-02-new-one.mdx' };
    const duplicated = await step(archive([a, c, d, twin]), deleted.cache);
    expect(duplicated.reusedPaths).toEqual([c.path]);

    // A file that kept errors is never reused: a's error comes back from a fresh check.
    const again = await step(archive([a, c, d]), duplicated.cache);
    expect(again.reusedPaths).toEqual([c.path]);
  });

  it('starts afresh when the registries, the settings or the validator change', async () => {
    const files = archive([a, b, c]);
    const { cache } = await step(files, undefined);
    const registries = { ...REGISTRIES, services: { ...REGISTRIES.services, text: `${REGISTRIES.services.text}- id: web\n  name: Web\n` } };
    expect((await step({ ...files, registries }, cache)).reused).toBe(0);
    expect((await step({ ...files, dates: { now: '2026-11-02', earliestYear: 1990 } }, cache)).reused).toBe(0);
    expect((await step({ ...files, policy: { strictSeverities: ['SEV1'] } }, cache)).reused).toBe(0);
    expect((await step({ ...files, sensitive: { ...sensitive, allow: [] } }, cache)).reused).toBe(0);
    expect((await step(files, cache, 'v2')).reused).toBe(0);
    expect((await step(files, cache)).reused).toBe(3);
  });

  it('never keeps a file that could not be read, and keeps the path a file is shown by', async () => {
    const unreadable: SourceFile = {
      path: 'content/postmortems/2024/x.mdx',
      relPath: '2024/x.mdx',
      problem: { line: 1, column: 1, severity: 'error', rule: 'encoding', message: 'not UTF-8' },
    };
    const { cache } = await step(archive([a, b, unreadable]), undefined);
    expect(Object.keys(cache.files).sort()).toEqual([a.path, b.path]);
    const moved = { ...b, path: `./${b.path}` };
    expect((await step(archive([a, moved, unreadable]), cache)).reusedPaths).toEqual([a.path]);
  });
});
