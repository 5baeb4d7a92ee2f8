import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../../src/bench/corpus.ts';
import { validateContent } from '../../src/validate/validate.ts';
import { ROOT } from '../helpers/build.ts';

/** The benchmark as a smoke test at a small size: it runs end to end; no timing is asserted. */

describe('npm run bench', () => {
  it('generates a corpus, measures validate, cold and one-added builds, compares them, and writes JSON', () => {
    const json = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-bench-test-')), 'results.json');
    const run = spawnSync(
      process.execPath,
      [path.join(ROOT, 'src/cli/bench.ts'), '--count', '30', '--runs', '1', '--no-search', '--no-hugo', '--json', json],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/\| postmortems\s+\| 30\s+\|/);
    const results = JSON.parse(fs.readFileSync(json, 'utf8'));
    const [row] = results.rows;
    expect(row.count).toBe(30);
    expect(row.validate.seconds).toHaveLength(1);
    expect(row.build.cold.seconds).toHaveLength(2);
    expect(row.build.cold.largestProcessBytes[0]).toBeGreaterThan(0);
    expect(row.build.cold.peakRssBytes[0]).toBeGreaterThanOrEqual(row.build.cold.largestProcessBytes[0]);
    // Each step's process measured on its own. Pagefind indexes 30 files in about 0.1 s, which a loaded
    // machine can let pass between two 50 ms samples, so it is required in one of the three builds measured,
    // not in each; validating 30 files is shorter still and not required.
    expect(Object.keys(row.build.cold.byProcess[0]).sort()).toEqual(expect.arrayContaining(['astro', 'build']));
    const builds = [...row.build.cold.byProcess, ...row.build.oneAdded.byProcess] as Record<string, number>[];
    expect(builds.length).toBeGreaterThanOrEqual(3);
    expect(builds.some((b) => b.pagefind_extended! > 0)).toBe(true);
    expect(Math.max(...(Object.values(row.build.cold.byProcess[0]) as number[]))).toBe(row.build.cold.largestProcessBytes[0]);
    expect(run.stdout).toMatch(/cold build: peak of each process\s+\| (astro|pagefind_extended|validate) \d+ MB, /);
    // The one-added build reused pages, and gave the bytes of a cold build of the same content.
    expect(row.build.oneAdded.reused[0]).toBeGreaterThan(0);
    expect(row.build.oneAdded.reused[0]).toBeLessThan(row.build.oneAdded.files[0]);
    expect(row.build.differences).toEqual([]);
    expect(row.build.hugo).toBeUndefined();
    // One postmortem was added by the one-added run.
    expect(row.site.incidentPages).toBe(generateCorpus(30).filter((f) => f.text.includes('\nstatus: published\n')).length + 1);
    expect(row.site.pagefindBytes).toBeGreaterThan(0);
  });

  it('never writes into content/', () => {
    const before = fs.existsSync(path.join(ROOT, 'content')) ? fs.readdirSync(path.join(ROOT, 'content'), { recursive: true }).length : 0;
    spawnSync(
      process.execPath,
      [
        path.join(ROOT, 'src/cli/bench.ts'),
        '--count',
        '5',
        '--runs',
        '1',
        '--no-build',
        '--json',
        path.join(os.tmpdir(), 'hindsight-bench-5.json'),
      ],
      { cwd: ROOT },
    );
    const after = fs.existsSync(path.join(ROOT, 'content')) ? fs.readdirSync(path.join(ROOT, 'content'), { recursive: true }).length : 0;
    expect(after).toBe(before);
  });

  it('generates the same corpus every time, and it validates', () => {
    const files = generateCorpus(200);
    expect(generateCorpus(200)).toEqual(files);
    const text = (name: string) => files.find((f) => f.path === name)!.text;
    const postmortems = files
      .filter((f) => f.path.startsWith('postmortems/'))
      .map((f) => ({ path: f.path, relPath: f.path.slice('postmortems/'.length), text: f.text }));
    const result = validateContent({
      registries: {
        services: { path: 'services.yaml', text: text('services.yaml') },
        rootCauses: { path: 'root-causes.yaml', text: text('root-causes.yaml') },
        severities: { path: 'severities.yaml', text: text('severities.yaml') },
      },
      postmortems,
      defaultTimezone: 'UTC',
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.entries).toHaveLength(200);
  });
});
