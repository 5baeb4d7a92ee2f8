import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from '../src/cli/io.ts';
import { run as runInit } from '../src/cli/init.ts';
import { run as runNew } from '../src/cli/new.ts';
import { copyProject, npmRun, postmortemFiles } from './helpers/project.ts';

/**
 * The upgrade path the README promises: a company's archive, made with `npm run init`, takes a
 * newer Hindsight with `git merge upstream/main` and no conflict, as long as it changed only the
 * files it owns (content/, hindsight.config.ts, public/, src/overrides/). Played out in a
 * temporary git repository: v1, the company's commits, an upstream v2 from v1, the merge.
 */

const io: Io = { out: () => {}, err: () => {} };

function git(dir: string, ...args: string[]): { status: number | null; out: string } {
  const result = spawnSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.test',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.test',
      GIT_CONFIG_NOSYSTEM: '1',
      HOME: dir,
    },
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

function commitAll(dir: string, message: string) {
  expect(git(dir, 'add', '-A').status).toBe(0);
  const commit = git(dir, 'commit', '-q', '-m', message);
  expect(commit.status, commit.out).toBe(0);
}

const edit = (dir: string, file: string, change: (text: string) => string) =>
  fs.writeFileSync(path.join(dir, file), change(fs.readFileSync(path.join(dir, file), 'utf8')));

describe('upgrading an archive made with init', () => {
  let repo: string;

  beforeAll(async () => {
    repo = copyProject();
    expect(git(repo, 'init', '-q', '-b', 'main').status).toBe(0);
    // The linked node_modules is not part of either history.
    fs.appendFileSync(path.join(repo, '.git/info/exclude'), 'node_modules\n');
    commitAll(repo, 'Hindsight v1');
    expect(git(repo, 'branch', 'upstream').status).toBe(0);

    // The company: init, a postmortem, its own wording, its logo.
    expect(
      await runInit(
        [
          '--yes',
          '--organisation',
          'Acme Corp',
          '--title',
          'Acme postmortems',
          '--timezone',
          'PST',
          '--service',
          'checkout-api:Checkout API',
          '--root-cause',
          'deploy',
        ],
        {},
        io,
        { interactive: false, cwd: repo },
      ),
    ).toBe(0);
    expect(
      await runNew(
        [
          '--title',
          'Checkout API timed out',
          '--severity',
          'SEV3',
          '--service',
          'checkout-api',
          '--root-cause',
          'deploy',
          '--started',
          '2026-10-01 09:00',
          '--timezone',
          'PDT',
          '--yes',
        ],
        {},
        io,
        { interactive: false, cwd: repo },
      ),
    ).toBe(0);
    edit(repo, 'src/overrides/HomeIntro.astro', (t) =>
      t.replace(/<p class="lede">.*<\/p>/, '<p class="lede">How Acme learns from incidents.</p>'),
    );
    fs.mkdirSync(path.join(repo, 'public'), { recursive: true });
    fs.writeFileSync(path.join(repo, 'public/logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>\n');
    commitAll(repo, 'Our archive');

    // Upstream v2, from v1: code, layout, docs, the sample archive and the version change.
    expect(git(repo, 'checkout', '-q', 'upstream').status).toBe(0);
    edit(repo, 'src/cli/validate.ts', (t) => `${t}\n// v2: a change to the validator.\n`);
    edit(repo, 'src/layouts/Base.astro', (t) => t.replace('<footer class="site-footer">', '<footer class="site-footer" data-v2>'));
    edit(repo, 'src/pages/index.astro', (t) => t.replace('<h2>Latest incidents</h2>', '<h2>Latest incidents (v2)</h2>'));
    edit(repo, 'README.md', (t) => `${t}\n## New in v2\n\nA section.\n`);
    edit(repo, 'package.json', (t) => t.replace(/"version": "[^"]+"/, '"version": "0.2.0"'));
    const sample = postmortemFiles(path.join(repo, 'examples/sample-archive'))[0]!;
    edit(repo, `examples/sample-archive/postmortems/${sample}`, (t) => `${t}\nA sentence added in v2.\n`);
    fs.writeFileSync(path.join(repo, 'src/site/new-in-v2.ts'), 'export const NEW = true;\n');
    commitAll(repo, 'Hindsight v2');

    // What a release must never do: change a file the company owns.
    expect(git(repo, 'checkout', '-q', '-b', 'upstream-bad', 'upstream~1').status).toBe(0);
    edit(repo, 'src/overrides/HomeIntro.astro', (t) => t.replace(/<p class="lede">.*<\/p>/, '<p class="lede">Reworded upstream.</p>'));
    commitAll(repo, 'A release that edits an override');
    // A release that edits the sample's copy in content/ (which init removed from the archive).
    expect(git(repo, 'checkout', '-q', '-b', 'upstream-sample', 'upstream~1').status).toBe(0);
    edit(repo, `content/postmortems/${sample}`, (t) => `${t}\nA sentence added upstream.\n`);
    commitAll(repo, 'A release that edits the sample in content/');
    expect(git(repo, 'checkout', '-q', 'main').status).toBe(0);
  }, 60_000);
  afterAll(() => {
    if (repo) fs.rmSync(repo, { recursive: true, force: true });
  });

  it('merges without a conflict and keeps both sides', () => {
    const merge = git(repo, 'merge', '--no-edit', 'upstream');
    expect(merge.status, merge.out).toBe(0);
    expect(git(repo, 'diff', '--name-only', '--diff-filter=U').out).toBe('');
    expect(git(repo, 'status', '--porcelain').out).toBe('');
    // Upstream's changes arrived…
    expect(fs.readFileSync(path.join(repo, 'src/layouts/Base.astro'), 'utf8')).toContain('<footer class="site-footer" data-v2>');
    expect(fs.existsSync(path.join(repo, 'src/site/new-in-v2.ts'))).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')).version).toBe('0.2.0');
    // …and the company's stayed.
    const config = fs.readFileSync(path.join(repo, 'hindsight.config.ts'), 'utf8');
    expect(config).toContain("'Acme postmortems'");
    expect(config).toContain("'America/Los_Angeles'");
    expect(postmortemFiles(path.join(repo, 'content'))).toEqual(['2026/2026-10-01-checkout-api-timed-out.mdx']);
    expect(fs.readFileSync(path.join(repo, 'src/overrides/HomeIntro.astro'), 'utf8')).toContain('How Acme learns from incidents.');
    expect(fs.existsSync(path.join(repo, 'public/logo.svg'))).toBe(true);
  });

  it('would conflict if a release changed a file the company owns (which is why none does)', () => {
    const tree = git(repo, 'merge-tree', '--write-tree', '--name-only', 'main', 'upstream-bad');
    expect(tree.status).toBe(1);
    expect(tree.out).toContain('CONFLICT (content): Merge conflict in src/overrides/HomeIntro.astro');
  });

  it('stops on a Hindsight file the company changed too, rather than resolving it silently', () => {
    // The company's edit of the layout line v2 changes, on its archive as it was before the upgrade.
    expect(git(repo, 'checkout', '-q', '-b', 'edited-layout', 'main^1').status).toBe(0);
    edit(repo, 'src/layouts/Base.astro', (t) => t.replace('<footer class="site-footer">', '<footer class="site-footer acme">'));
    commitAll(repo, 'Our footer class');
    expect(git(repo, 'checkout', '-q', 'main').status).toBe(0);
    const tree = git(repo, 'merge-tree', '--write-tree', '--name-only', 'edited-layout', 'upstream');
    expect(tree.status).toBe(1);
    expect(tree.out).toContain('CONFLICT (content): Merge conflict in src/layouts/Base.astro');
  });

  it('stops only on a sample file when a release edits the sample in content/; git rm resolves it', () => {
    const merge = git(repo, 'merge', '--no-edit', 'upstream-sample');
    expect(merge.status).toBe(1);
    const sample = postmortemFiles(path.join(repo, 'examples/sample-archive'))[0]!;
    expect(git(repo, 'diff', '--name-only', '--diff-filter=U').out).toBe(`content/postmortems/${sample}\n`);
    expect(git(repo, 'rm', '-q', `content/postmortems/${sample}`).status).toBe(0);
    const commit = git(repo, 'commit', '-q', '--no-edit');
    expect(commit.status, commit.out).toBe(0);
    expect(postmortemFiles(path.join(repo, 'content'))).toEqual(['2026/2026-10-01-checkout-api-timed-out.mdx']);
  });

  it('still validates with the new version', () => {
    const validate = npmRun(repo, 'validate');
    expect(validate.status, `${validate.stdout}${validate.stderr}`).toBe(0);
    expect(validate.stdout).toContain('4 files checked');
  });
});
