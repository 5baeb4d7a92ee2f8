import path from 'node:path';
import { parseArgs } from 'node:util';
import { conventionalFolder, existingSlugFile, loadRegistries, writeNewFile } from '../authoring/authoring-fs.ts';
import { formatDiagnostic } from '../format/diagnostics.ts';
import { checkAnswers, parseStarted, scaffoldPostmortem, type AnswerProblem, type ScaffoldAnswers } from '../authoring/scaffold.ts';
import type { Registries } from '../format/schema.ts';
import { zoneFromName } from '../format/zone-abbreviations.ts';
import { processIo, settingsFor, type Io } from './io.ts';

/** `npm run new`: asks for (or takes as flags) what only the author knows, and writes a new draft postmortem. */

export const USAGE = `Usage: npm run new -- [options]

Writes a new draft postmortem to <content>/postmortems/<date>-<title>.mdx, with every section
and a hint of what belongs in each. Asks for what is missing when run in a terminal.

Options:
  --title <text>          one line that says what broke
  --severity <id>         from severities.yaml, e.g. SEV2
  --service <id>          from services.yaml; repeat it or give a comma list
  --root-cause <id>       from root-causes.yaml; repeat it or give a comma list
  --started <time>        when it began: 2024-06-06T09:00:00+03:00, or "2024-06-06 09:00" in --timezone, or now
  --timezone <zone>       zone of the incident: IANA name or abbreviation such as PST (default: the site's, HINDSIGHT_TIMEZONE or UTC)
  --author <name>         who writes it; repeatable
  --dir <folder>          a sub-folder of postmortems/, e.g. a team name (default: the year's
                          folder when postmortems/ has year folders such as 2024/)
  -y, --yes               never ask: fail on anything missing (for scripts)
  -h, --help              show this help

The content folder is HINDSIGHT_CONTENT_DIR (default ./content). Exit status: 0 when written,
1 when an answer is wrong or the file exists, 2 for a usage error.`;

const list = (values: string[] | undefined) =>
  values
    ?.flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);

function problemText(p: AnswerProblem): string {
  return `new: ${p.flag}: ${p.message}.${p.suggestion ? ` Did you mean "${p.suggestion}"?` : ''}`;
}

/** Asks for every missing answer with @clack/prompts; undefined when the author cancels. */
async function ask(
  answers: Partial<ScaffoldAnswers>,
  registries: Registries,
  timezoneGiven: boolean,
): Promise<Partial<ScaffoldAnswers> | undefined> {
  const p = await import('@clack/prompts');
  const out = { ...answers };
  const done = (value: unknown): boolean => p.isCancel(value);
  p.intro('New postmortem');
  if (out.title === undefined) {
    const value = await p.text({
      message: 'Title: one line that says what broke',
      placeholder: 'Checkout API returned 500s after a config push',
      validate: (v) => (!v?.trim() ? 'Write a title' : v.length > 160 ? 'At most 160 characters' : undefined),
    });
    if (done(value)) return undefined;
    out.title = String(value);
  }
  if (out.severity === undefined) {
    const value = await p.select({
      message: 'Severity',
      options: registries.severities.map((s) => ({ value: s.id, label: `${s.id} ${s.name}`, hint: s.description })),
    });
    if (done(value)) return undefined;
    out.severity = String(value);
  }
  if (out.services === undefined) {
    const value = await p.multiselect({
      message: 'Services affected',
      options: registries.services.map((s) => ({ value: s.id, label: s.name, hint: s.id })),
      required: true,
    });
    if (done(value)) return undefined;
    out.services = value as string[];
  }
  if (out.rootCauses === undefined) {
    const value = await p.multiselect({
      message: 'Root causes (you can change them later)',
      options: registries.rootCauses.map((r) => ({ value: r.id, label: r.name, hint: r.description })),
      required: true,
    });
    if (done(value)) return undefined;
    out.rootCauses = value as string[];
  }
  if (!timezoneGiven) {
    const value = await p.text({
      message: 'Time zone of the incident (IANA name, or an abbreviation such as PST)',
      defaultValue: out.timezone,
      placeholder: out.timezone,
      validate: (v) => (v && checkAnswers({ timezone: zoneFromName(v) ?? v }, registries)[0]?.message) || undefined,
    });
    if (done(value)) return undefined;
    out.timezone = value ? (zoneFromName(String(value)) ?? String(value)) : out.timezone;
  }
  if (out.started === undefined) {
    const zone = out.timezone!;
    const value = await p.text({
      message: `When did it start? ("YYYY-MM-DD HH:MM" in ${zone}, or now)`,
      placeholder: 'now',
      defaultValue: 'now',
      validate: (v) => {
        const r = parseStarted(v || 'now', zone);
        return 'error' in r ? r.error : undefined;
      },
    });
    if (done(value)) return undefined;
    out.started = String(value || 'now');
  }
  return out;
}

export async function runNew(
  argv: string[],
  env: NodeJS.ProcessEnv,
  io: Io,
  options: { interactive: boolean; cwd?: string; now?: Date },
): Promise<number> {
  const cwd = options.cwd ?? process.cwd();
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        title: { type: 'string' },
        severity: { type: 'string' },
        service: { type: 'string', multiple: true },
        'root-cause': { type: 'string', multiple: true },
        started: { type: 'string' },
        timezone: { type: 'string' },
        author: { type: 'string', multiple: true },
        dir: { type: 'string' },
        yes: { type: 'boolean', short: 'y', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    io.err(`new: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const v = args.values;
  if (v.help) {
    io.out(USAGE);
    return 0;
  }
  const settings = settingsFor('new', env, io, cwd);
  if (!settings) return 2;
  const { contentDir } = settings;
  const { existsSync } = process.getBuiltinModule('node:fs');
  if (!existsSync(contentDir)) {
    io.err(
      `new: the content folder ${contentDir} does not exist: set HINDSIGHT_CONTENT_DIR to a folder with postmortems/ and the registries`,
    );
    return 1;
  }
  const dir = v.dir?.trim() ?? '';
  if (dir && (path.isAbsolute(dir) || dir.split(/[\\/]/).some((part) => part === '..' || part.startsWith('_') || part.startsWith('.')))) {
    io.err(`new: --dir "${dir}" must be a sub-folder inside postmortems/ (no "..", no leading "_" or ".")`);
    return 1;
  }
  const loaded = loadRegistries(contentDir, settings.defaultTimezone);
  if (loaded.diagnostics.some((d) => d.severity === 'error')) {
    io.err(`new: the registries have problems; fix them first:\n${loaded.diagnostics.map(formatDiagnostic).join('\n')}`);
    return 1;
  }
  const registries = loaded.registries;
  let answers: Partial<ScaffoldAnswers> = {
    title: v.title,
    severity: v.severity,
    services: list(v.service),
    rootCauses: list(v['root-cause']),
    started: v.started,
    // An abbreviation (PST, CET) becomes the zone it stands for, as in `npm run import`.
    timezone: v.timezone === undefined ? settings.defaultTimezone : (zoneFromName(v.timezone) ?? v.timezone),
    authors: list(v.author),
  };
  const problems = checkAnswers(answers, registries);
  if (problems.length) {
    io.err(problems.map(problemText).join('\n'));
    return 1;
  }
  const missing = (['title', 'severity', 'services', 'rootCauses', 'started'] as const).filter((k) => answers[k] === undefined);
  if (missing.length) {
    if (!options.interactive || v.yes) {
      const flags = { title: '--title', severity: '--severity', services: '--service', rootCauses: '--root-cause', started: '--started' };
      io.err(
        `new: missing ${missing.map((k) => flags[k]).join(', ')}: pass ${missing.length === 1 ? 'it' : 'them'}, or run \`npm run new\` in a terminal to be asked\n\n${USAGE}`,
      );
      return 1;
    }
    const asked = await ask(answers, registries, v.timezone !== undefined);
    if (!asked) {
      io.err('new: cancelled; nothing was written');
      return 1;
    }
    answers = asked;
  }
  const started = parseStarted(answers.started!, answers.timezone!, options.now);
  if ('error' in started) {
    io.err(`new: --started: ${started.error}`);
    return 1;
  }
  const result = scaffoldPostmortem({ ...(answers as ScaffoldAnswers), started: started.iso });
  const file = path.join(contentDir, 'postmortems', dir || conventionalFolder(contentDir, result.slug), `${result.slug}.mdx`);
  const shown = path.relative(cwd, file) || file;
  const other = existingSlugFile(contentDir, result.slug);
  if (other) {
    io.err(
      `new: a postmortem named ${result.slug} already exists (${path.relative(cwd, other)}); nothing was written. Choose another --title, or edit that file`,
    );
    return 1;
  }
  if (!writeNewFile(file, result.text)) {
    io.err(`new: ${shown} already exists; nothing was written. Choose another --title, or edit that file`);
    return 1;
  }
  io.out(`Created ${shown}

Next:
  1. Replace every TODO (npm run validate -- ${shown} lists those left).
  2. Preview it with npm run dev (drafts are shown there).
  3. Set status: in-review, open a pull request, and publish once reviewed.`);
  return 0;
}

if (import.meta.main) {
  const code = await runNew(process.argv.slice(2), process.env, processIo, {
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
  });
  process.exitCode = code;
}
