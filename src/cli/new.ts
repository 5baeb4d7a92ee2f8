import path from 'node:path';
import fs from 'node:fs';
import { conventionalFolder, existingSlugFile, loadRegistries, writeNewFile } from '../authoring/authoring-fs.ts';
import { formatDiagnostic } from '../format/diagnostics.ts';
import { checkAnswers, parseStarted, scaffoldPostmortem, zoneNote, type ScaffoldAnswers } from '../authoring/scaffold.ts';
import type { Registries } from '../format/schema.ts';
import { zoneFromName } from '../format/zone-abbreviations.ts';
import type { Settings } from '../config/settings.ts';
import { answerProblemsText } from './answers.ts';
import { commaList, EXIT, parseCommand, problem, runAsProgram, usageError, type Command, type Parsed } from './command.ts';
import { settingsFor, type Io } from './io.ts';

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

const OPTIONS = {
  title: { type: 'string' },
  severity: { type: 'string' },
  service: { type: 'string', multiple: true },
  'root-cause': { type: 'string', multiple: true },
  started: { type: 'string' },
  timezone: { type: 'string' },
  author: { type: 'string', multiple: true },
  dir: { type: 'string' },
  yes: { type: 'boolean', short: 'y', default: false },
} as const;

const FLAGS = {
  title: '--title',
  severity: '--severity',
  services: '--service',
  rootCauses: '--root-cause',
  started: '--started',
} as const;

type Prompts = typeof import('@clack/prompts');
/** Thrown by a question the author cancelled (Ctrl-C, Escape). */
const CANCELLED = Symbol('cancelled');
const answer = <T>(p: Prompts, value: T): Exclude<T, symbol> => {
  if (p.isCancel(value)) throw CANCELLED;
  return value as Exclude<T, symbol>;
};

/** Asks for the title, severity, services and root causes not given. */
async function askWhat(p: Prompts, out: Partial<ScaffoldAnswers>, registries: Registries): Promise<void> {
  out.title ??= answer(
    p,
    await p.text({
      message: 'Title: one line that says what broke',
      placeholder: 'Checkout API returned 500s after a config push',
      validate: (v) => (!v?.trim() ? 'Write a title' : v.length > 160 ? 'At most 160 characters' : undefined),
    }),
  );
  out.severity ??= answer(
    p,
    await p.select({
      message: 'Severity',
      options: registries.severities.map((s) => ({ value: s.id, label: `${s.id} ${s.name}`, hint: s.description })),
    }),
  );
  out.services ??= answer(
    p,
    await p.multiselect({
      message: 'Services affected',
      options: registries.services.map((s) => ({ value: s.id, label: s.name, hint: s.id })),
      required: true,
    }),
  );
  out.rootCauses ??= answer(
    p,
    await p.multiselect({
      message: 'Root causes (you can change them later)',
      options: registries.rootCauses.map((r) => ({ value: r.id, label: r.name, hint: r.description })),
      required: true,
    }),
  );
}

/** Asks for the time zone (unless given as a flag) and the start not given. */
async function askWhen(p: Prompts, out: Partial<ScaffoldAnswers>, registries: Registries, timezoneGiven: boolean): Promise<void> {
  if (!timezoneGiven) {
    const value = answer(
      p,
      await p.text({
        message: 'Time zone of the incident (IANA name, or an abbreviation such as PST)',
        defaultValue: out.timezone,
        placeholder: out.timezone,
        validate: (v) => (v && checkAnswers({ timezone: zoneFromName(v) ?? v }, registries)[0]?.message) || undefined,
      }),
    );
    out.timezone = value ? (zoneFromName(value) ?? value) : out.timezone;
  }
  if (out.started !== undefined) return;
  const zone = out.timezone!;
  const value = answer(
    p,
    await p.text({
      message: `When did it start? ("YYYY-MM-DD HH:MM" in ${zone}, or now)`,
      placeholder: 'now',
      defaultValue: 'now',
      validate: (v) => {
        const r = parseStarted(v || 'now', zone);
        return 'error' in r ? r.error : undefined;
      },
    }),
  );
  out.started = value || 'now';
}

/** Asks for every missing answer with @clack/prompts; undefined when the author cancels. */
async function ask(
  answers: Partial<ScaffoldAnswers>,
  registries: Registries,
  timezoneGiven: boolean,
): Promise<Partial<ScaffoldAnswers> | undefined> {
  const p = await import('@clack/prompts');
  const out = { ...answers };
  p.intro('New postmortem');
  try {
    await askWhat(p, out, registries);
    await askWhen(p, out, registries, timezoneGiven);
  } catch (error) {
    if (error === CANCELLED) return undefined;
    throw error;
  }
  return out;
}

/** The content folder's registries and the --dir folder; an exit code after printing why not. */
function prepare(v: Parsed<typeof OPTIONS>['values'], settings: Settings, io: Io): { registries: Registries; dir: string } | number {
  const { contentDir } = settings;
  if (!fs.existsSync(contentDir)) {
    return usageError(
      'new',
      io,
      `the content folder ${contentDir} does not exist: set HINDSIGHT_CONTENT_DIR to a folder with postmortems/ and the registries`,
    );
  }
  const dir = v.dir?.trim() ?? '';
  if (dir && (path.isAbsolute(dir) || dir.split(/[\\/]/).some((part) => part === '..' || part.startsWith('_') || part.startsWith('.')))) {
    return usageError('new', io, `--dir "${dir}" must be a sub-folder inside postmortems/ (no "..", no leading "_" or ".")`);
  }
  const loaded = loadRegistries(contentDir, settings.defaultTimezone);
  if (loaded.diagnostics.some((d) => d.severity === 'error')) {
    return problem('new', io, `the registries have problems; fix them first:\n${loaded.diagnostics.map(formatDiagnostic).join('\n')}`);
  }
  return { registries: loaded.registries, dir };
}

/** The answers given as flags, completed by questions in a terminal; an exit code when some are wrong or missing. */
async function answersFor(
  v: Parsed<typeof OPTIONS>['values'],
  settings: Settings,
  registries: Registries,
  io: Io,
  interactive: boolean,
): Promise<Partial<ScaffoldAnswers> | number> {
  const answers: Partial<ScaffoldAnswers> = {
    title: v.title,
    severity: v.severity,
    services: commaList(v.service),
    rootCauses: commaList(v['root-cause']),
    started: v.started,
    // An abbreviation (PST, CET) becomes the zone it stands for, as in `npm run import`.
    timezone: v.timezone === undefined ? settings.defaultTimezone : (zoneFromName(v.timezone) ?? v.timezone),
    authors: commaList(v.author),
  };
  const problems = checkAnswers(answers, registries);
  if (problems.length) {
    io.err(answerProblemsText('new', problems));
    return EXIT.problems;
  }
  const missing = (Object.keys(FLAGS) as (keyof typeof FLAGS)[]).filter((k) => answers[k] === undefined);
  if (!missing.length) return answers;
  if (!interactive || v.yes) {
    const them = missing.length === 1 ? 'it' : 'them';
    const flags = missing.map((k) => FLAGS[k]).join(', ');
    return usageError('new', io, `missing ${flags}: pass ${them}, or run \`npm run new\` in a terminal to be asked`, USAGE);
  }
  const asked = await ask(answers, registries, v.timezone !== undefined);
  return asked ?? problem('new', io, 'cancelled; nothing was written');
}

/** Writes the scaffold where it belongs, unless a postmortem of that name exists; the exit code. */
function write(contentDir: string, dir: string, text: string, slug: string, cwd: string, io: Io): number {
  const file = path.join(contentDir, 'postmortems', dir || conventionalFolder(contentDir, slug), `${slug}.mdx`);
  const shown = path.relative(cwd, file) || file;
  const other = existingSlugFile(contentDir, slug);
  if (other) {
    const where = path.relative(cwd, other);
    return problem(
      'new',
      io,
      `a postmortem named ${slug} already exists (${where}); nothing was written. Choose another --title, or edit that file`,
    );
  }
  if (!writeNewFile(file, text))
    return problem('new', io, `${shown} already exists; nothing was written. Choose another --title, or edit that file`);
  io.out(`Created ${shown}

Next:
  1. Replace every TODO (npm run validate -- ${shown} lists those left).
  2. Preview it with npm run dev (drafts are shown there).
  3. Set status: in-review, open a pull request, and publish once reviewed.`);
  return EXIT.ok;
}

/** Runs `npm run new`; returns the exit code (0 written, 1 a wrong answer or the file exists, 2 usage). */
export const run: Command = async (argv, env, io, options = {}) => {
  const cwd = options.cwd ?? process.cwd();
  const args = parseCommand('new', USAGE, argv, io, OPTIONS);
  if (typeof args === 'number') return args;
  const settings = settingsFor('new', env, io, cwd);
  if (!settings) return EXIT.usage;
  const prepared = prepare(args.values, settings, io);
  if (typeof prepared === 'number') return prepared;
  const answers = await answersFor(args.values, settings, prepared.registries, io, options.interactive ?? false);
  if (typeof answers === 'number') return answers;
  const started = parseStarted(answers.started!, answers.timezone!, options.now);
  if ('error' in started) return problem('new', io, `--started: ${started.error}`);
  const result = scaffoldPostmortem({ ...(answers as ScaffoldAnswers), started: started.iso });
  const code = write(settings.contentDir, prepared.dir, result.text, result.slug, cwd, io);
  const note = args.values.timezone === undefined ? undefined : zoneNote(args.values.timezone, answers.timezone!, started.iso);
  if (code === EXIT.ok && note) io.out(note);
  return code;
};

if (import.meta.main) await runAsProgram('new', run);
