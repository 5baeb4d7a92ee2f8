import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/** The shipped GitHub Actions workflows, read as GitHub reads them (YAML), and held to what the README promises. */

const ROOT = path.resolve(import.meta.dirname, '..');
const read = (name: string) =>
  parse(fs.readFileSync(path.join(ROOT, '.github/workflows', name), 'utf8'), { strict: true, uniqueKeys: true });
const deploy = read('deploy.yml');
const pr = read('pr.yml');

interface Step {
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
  if?: string;
  id?: string;
}
const steps = (workflow: any): Step[] => Object.values(workflow.jobs as Record<string, { steps: Step[] }>).flatMap((job) => job.steps);
const used = (workflow: any) =>
  steps(workflow)
    .filter((s) => s.uses)
    .map((s) => s.uses!);

/** The newest major of each action (checked in November 2026 against each action's releases: cache v6.0.0 came out in June 2026), all on Node 24. */
const CURRENT = {
  'actions/checkout': 'v7',
  'actions/setup-node': 'v7',
  'actions/configure-pages': 'v6',
  'actions/upload-pages-artifact': 'v5',
  'actions/deploy-pages': 'v5',
  'actions/upload-artifact': 'v7',
  'actions/github-script': 'v9',
  'actions/cache': 'v6',
} as const;

describe('deploy.yml', () => {
  it('rebuilds every day as well as on a push to main and by hand', () => {
    expect(Object.keys(deploy.on).sort()).toEqual(['push', 'schedule', 'workflow_dispatch']);
    expect(deploy.on.push).toEqual({ branches: ['main'] });
    expect(deploy.on.schedule).toEqual([{ cron: '17 5 * * *' }]);
  });

  it('builds the public edition unless the repository variable says internal', () => {
    const build = steps(deploy).find((s) => s.run === 'npm run build')!;
    expect(build.env!.HINDSIGHT_EDITION).toBe("${{ vars.HINDSIGHT_EDITION || 'public' }}");
  });

  it('takes the title and organisation from repository variables', () => {
    const build = steps(deploy).find((s) => s.run === 'npm run build')!;
    expect(build.env!.HINDSIGHT_TITLE).toBe('${{ vars.HINDSIGHT_TITLE }}');
    expect(build.env!.HINDSIGHT_ORGANISATION).toBe('${{ vars.HINDSIGHT_ORGANISATION }}');
  });

  it('asks for no more than Pages needs', () => {
    expect(deploy.permissions).toEqual({ contents: 'read', pages: 'write', 'id-token': 'write' });
    expect(Object.values(deploy.jobs).every((job: any) => job.permissions === undefined)).toBe(true);
  });
});

describe('pr.yml', () => {
  const job = pr.jobs.check;

  it('may write pull-request comments and nothing else', () => {
    expect(pr.permissions).toEqual({ contents: 'read' });
    expect(job.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
  });

  it('builds the same edition, title and organisation as the deployment', () => {
    const build = steps(deploy).find((s) => s.run === 'npm run build')!;
    for (const name of ['HINDSIGHT_EDITION', 'HINDSIGHT_TITLE', 'HINDSIGHT_ORGANISATION']) expect(job.env[name]).toBe(build.env![name]);
  });

  it('counts problems with the JSON report, keeps the build as an artifact and links it from the comment', () => {
    const all = steps(pr);
    expect(all.some((s) => s.run?.includes('validate -- --format github'))).toBe(true);
    expect(all.some((s) => s.run?.includes('validate -- --format json'))).toBe(true);
    const upload = all.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    expect(upload.with!.path).toBe('dist');
    expect(upload.if).toBe("steps.build.outcome == 'success'");
    const comment = all.find((s) => s.uses?.startsWith('actions/github-script@'))!;
    expect(comment.env!.PREVIEW_URL).toBe(`\${{ steps.${upload.id}.outputs.artifact-url }}`);
    expect(String(comment.with!.script)).toContain('updateComment');
    // The job still fails when validation or the build did, after commenting.
    expect(all.at(-1)!.if).toBe("steps.validate.outcome == 'failure' || steps.build.outcome == 'failure'");
  });
});

describe('the pull-request comment', () => {
  /** Runs the workflow's github-script step with a fake GitHub client, as actions/github-script runs it (an async function body). */
  async function comment(report: unknown, build: 'success' | 'failure', existing: { id: number; user: { type: string }; body: string }[]) {
    const script = String(steps(pr).find((s) => s.uses?.startsWith('actions/github-script@'))!.with!.script);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-comment-'));
    fs.writeFileSync(path.join(dir, 'validate.json'), JSON.stringify(report));
    const calls: { kind: string; body: string; id?: number }[] = [];
    const github = {
      paginate: async () => existing,
      rest: {
        issues: {
          listComments: {},
          createComment: async (a: { body: string }) => calls.push({ kind: 'create', body: a.body }),
          updateComment: async (a: { body: string; comment_id: number }) => calls.push({ kind: 'update', body: a.body, id: a.comment_id }),
        },
      },
    };
    const env = {
      VALIDATE_JSON: path.join(dir, 'validate.json'),
      BUILD_OUTCOME: build,
      PREVIEW_URL: 'https://github.test/artifacts/1',
      RUN_URL: 'https://github.test/runs/1',
    };
    const AsyncFunction = (async () => {}).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<void>;
    await new AsyncFunction('require', 'github', 'context', 'process', script)(
      createRequire(import.meta.url),
      github,
      { repo: { owner: 'acme', repo: 'postmortems' }, payload: { pull_request: { number: 7 } } },
      { env },
    );
    fs.rmSync(dir, { recursive: true, force: true });
    return calls;
  }

  it('sums up the files checked, the problems and the preview, once', async () => {
    const report = {
      filesChecked: 18,
      errors: 1,
      warnings: 2,
      filesWithErrors: 1,
      diagnostics: [
        { file: 'content/postmortems/2024/x.mdx', line: 5, severity: 'error', field: 'severity', message: 'unknown severity "SEV9"' },
      ],
    };
    const calls = await comment(report, 'success', []);
    expect(calls).toEqual([
      {
        kind: 'create',
        body: [
          '<!-- hindsight-pr-summary -->',
          '### Hindsight',
          '- Checked 18 files: 1 error, 2 warnings in 1 file.',
          '  - `content/postmortems/2024/x.mdx:5` severity: unknown severity "SEV9"',
          '- The site builds. [Download the preview](https://github.test/artifacts/1) (unzip it into `dist/`, then `npm run preview`).',
        ].join('\n'),
      },
    ]);
  });

  it('updates its own comment on the next push, and links the log when the build failed', async () => {
    const calls = await comment({ filesChecked: 3, errors: 0, warnings: 0, filesWithErrors: 0, diagnostics: [] }, 'failure', [
      { id: 1, user: { type: 'User' }, body: '<!-- hindsight-pr-summary --> quoted by a person' },
      { id: 2, user: { type: 'Bot' }, body: '<!-- hindsight-pr-summary -->\nold' },
    ]);
    expect(calls).toEqual([
      {
        kind: 'update',
        id: 2,
        body: '<!-- hindsight-pr-summary -->\n### Hindsight\n- Checked 3 files: 0 errors, 0 warnings.\n- The site does not build: [see the log](https://github.test/runs/1).',
      },
    ]);
  });
});

describe('both workflows', () => {
  it('use the current major version of every action', () => {
    const actions = [...used(deploy), ...used(pr)];
    expect(actions.length).toBe(10);
    for (const uses of actions) {
      const [name, version] = uses.split('@');
      expect(CURRENT[name as keyof typeof CURRENT], uses).toBe(version);
    }
  });

  it('run Node 24, the version the project pins', () => {
    for (const step of [...steps(deploy), ...steps(pr)].filter((s) => s.uses?.startsWith('actions/setup-node@'))) {
      expect(step.with!['node-version']).toBe(24);
    }
  });
});
