import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { HindsightError } from '../format/errors.ts';
import { importDocument, type ImportOptions } from '../authoring/import/import-document.ts';
import { summaryTable, type SummaryRow } from '../authoring/import/summary.ts';
import { destination, listInputs, writePostmortem, type Destination, type Inputs } from '../authoring/import/write-fs.ts';
import { loadRegistries } from '../authoring/authoring-fs.ts';
import type { Settings } from '../config/settings.ts';
import { escapeControls } from '../format/characters.ts';
import { readContent } from '../format/content-fs.ts';
import { formatReport } from '../format/diagnostics.ts';
import { checkAnswers } from '../authoring/scaffold.ts';
import type { Registries } from '../format/schema.ts';
import { validateContent } from '../validate/validate.ts';
import { answerProblemsText } from './answers.ts';
import { commaList, EXIT, parseCommand, problem, runAsProgram, usageError, type Command, type Parsed } from './command.ts';
import { settingsFor, type Io } from './io.ts';

/** `npm run import -- <folder or files…>`: postmortems written elsewhere, as drafts in our format. */

export const USAGE = `Usage: npm run import -- <folder or files…> [options]

Turns postmortems written elsewhere into drafts in the format, one file each: Word (.docx),
HTML exports (Confluence, Google Docs, Notion), Markdown (with or without its own frontmatter)
and plain text. A folder is searched for documents, in its subfolders too. It reads the
title, date, time zone, timeline, action items (owner, status, due date), severity and
sections; what it cannot tell is left as TODO, which \`npm run validate\` lists. Ends with a
table of every file.
Nothing is overwritten: a postmortem whose file name is taken in the content folder is skipped;
two documents of one run with the same date and title get "-2", "-3" (the same file twice, once).

Options:
  --out <path>            folder to write into (default: <content>/postmortems/); a .mdx file for one import
  --dry-run               write nothing: print the table (and, for one file, the postmortem)
  --timezone <zone>       zone for times written without one (IANA name or EAT, UTC, ...)
  --date <YYYY-MM-DD>     start date, when the text has none
  --pick <n>              which postmortem to import when a file holds several (default 1)
  --title <text>          the title, instead of the one found (one file only)
  --severity <id>         from severities.yaml
  --service <id>          from services.yaml; repeatable or a comma list (default: guessed from the text)
  --root-cause <id>       from root-causes.yaml; repeatable or a comma list (default: guessed)
  -h, --help              show this help

Exit status: 0 when every file was imported (or left alone: a Confluence export's index
page), 1 when some were not (the table says why), 2 for a usage error.`;

const MAX_BYTES = 20 * 1024 * 1024;

const OPTIONS = {
  out: { type: 'string' },
  timezone: { type: 'string' },
  date: { type: 'string' },
  pick: { type: 'string' },
  title: { type: 'string' },
  severity: { type: 'string' },
  service: { type: 'string', multiple: true },
  'root-cause': { type: 'string', multiple: true },
  'dry-run': { type: 'boolean', default: false },
} as const;

/** Imports one file and writes it (unless a dry run); the row for the table. */
async function importOne(
  file: string,
  shown: string,
  options: ImportOptions,
  dest: Destination,
  io: Io,
  single: boolean,
  cwd: string,
): Promise<SummaryRow> {
  try {
    if (fs.statSync(file).size > MAX_BYTES)
      throw new HindsightError(`the file is larger than ${MAX_BYTES / 1024 / 1024} MB`, {
        hint: 'split it, or import the postmortem from a smaller export',
      });
    const bytes = fs.readFileSync(file);
    const result = await importDocument(file, bytes, options);
    for (const warning of result.warnings) io.err(`import: ${single ? '' : `${shown}: `}note: ${warning}`);
    const written = writePostmortem(dest, result.slug, result.text, crypto.createHash('sha256').update(bytes).digest('hex'));
    if (dest.dryRun && single) io.out(result.text);
    if ('exists' in written)
      return {
        file: shown,
        result: 'skipped',
        detail: `${path.relative(cwd, written.exists)} already exists; nothing was written`,
        todos: [],
      };
    if ('same' in written)
      return {
        file: shown,
        result: 'skipped',
        detail: `the same postmortem as ${path.relative(cwd, written.same)}, from an earlier file`,
        todos: [],
      };
    const renamed = written.renamedFrom ? ` (${written.renamedFrom} went to an earlier file)` : '';
    return {
      file: shown,
      result: dest.dryRun ? 'would write' : 'written',
      detail: `${path.relative(cwd, written.written)}${renamed}`,
      todos: result.todos,
    };
  } catch (error) {
    if (error instanceof HindsightError && error.exitCode === 0)
      return { file: shown, result: 'left alone', detail: error.message, todos: [] };
    if (error instanceof HindsightError)
      return { file: shown, result: 'failed', detail: `${error.message}${error.hint ? `. Fix: ${error.hint}` : ''}`, todos: [] };
    // A document that trips the importer itself is one failed row, never the end of a bulk import.
    return { file: shown, result: 'failed', detail: `could not be imported (${(error as Error).message})`, todos: [] };
  }
}

type Values = Parsed<typeof OPTIONS>['values'];

/** The content folder and the import options; an exit code when the answers given are wrong. */
function prepare(v: Values, settings: Settings, io: Io): { contentDir: string; options: ImportOptions } | number {
  const contentDir = settings.contentDir;
  const hasContent = fs.existsSync(contentDir);
  let registries: Registries | undefined;
  if (hasContent) {
    const loaded = loadRegistries(contentDir, settings.defaultTimezone);
    if (!loaded.diagnostics.some((d) => d.severity === 'error')) registries = loaded.registries;
  }
  const services = commaList(v.service);
  const rootCauses = commaList(v['root-cause']);
  if (registries) {
    const problems = checkAnswers({ severity: v.severity, services, rootCauses }, registries);
    if (problems.length) {
      io.err(answerProblemsText('import', problems));
      return EXIT.problems;
    }
  }
  if (!v['dry-run'] && !v.out && !hasContent) {
    return usageError('import', io, `the content folder ${contentDir} does not exist: set HINDSIGHT_CONTENT_DIR, or pass --out`);
  }

  const today = DateTime.now().setZone(settings.defaultTimezone).toISODate()!;
  const pick = v.pick === undefined ? undefined : Number(v.pick);
  return {
    contentDir,
    options: {
      defaultTimezone: settings.defaultTimezone,
      timezone: v.timezone,
      registries,
      pick,
      title: v.title,
      severity: v.severity,
      services,
      rootCauses,
      date: v.date,
      today,
    },
  };
}

/** The documents to import and whether there is one; an exit code after a usage error in the arguments. */
function readArguments(args: Parsed<typeof OPTIONS>, io: Io, cwd: string): { single: boolean; inputs: Inputs } | number {
  const v = args.values;
  if (!args.positionals.length) return usageError('import', io, 'give a folder or the files to import', USAGE);
  if (v.pick !== undefined && !Number.isInteger(Number(v.pick))) return usageError('import', io, '--pick takes a number, e.g. --pick 2');
  const inputs = listInputs(args.positionals, cwd);
  const single =
    inputs.files.length + inputs.missing.length === 1 &&
    !fs.statSync(path.resolve(cwd, args.positionals[0]!), { throwIfNoEntry: false })?.isDirectory();
  if (!single && (v.title || (v.out && /\.mdx?$/i.test(v.out))))
    return usageError('import', io, '--title and an --out file name are for one file; for several, pass --out <folder>');
  return { single, inputs };
}

/** After one file is written into the content folder: the TODOs left in it, the author's to-do list. */
function stillToDo(file: string, settings: Settings, cwd: string, io: Io): void {
  const check = validateContent({
    ...readContent(settings.contentDir, settings.defaultTimezone, { only: [file], cwd, dates: settings.dates }),
    policy: settings.policy,
  });
  if (check.diagnostics.length)
    io.out(`\nStill to do (npm run validate -- ${path.relative(cwd, file)}):\n${formatReport(check.diagnostics, 1, 'text')}`);
}

/** Runs `npm run import` with these arguments; returns the exit code (0 all imported, 1 some not, 2 usage). */
export const run: Command = async (argv, env, io, runOptions = {}) => {
  const cwd = runOptions.cwd ?? process.cwd();
  const args = parseCommand('import', USAGE, argv, io, OPTIONS, { positionals: true });
  if (typeof args === 'number') return args;
  const v = args.values;
  const settings = settingsFor('import', env, io, cwd);
  if (!settings) return EXIT.usage;
  const checked = readArguments(args, io, cwd);
  if (typeof checked === 'number') return checked;
  const { single, inputs } = checked;

  const setup = prepare(v, settings, io);
  if (typeof setup === 'number') return setup;
  const { contentDir, options } = setup;
  const dest = destination(contentDir, v.out, cwd, v['dry-run']);
  const rows: SummaryRow[] = inputs.missing.map((m) => ({ file: m, result: 'failed', detail: 'no such file or folder', todos: [] }));
  for (const file of inputs.files) rows.push(await importOne(file, path.relative(cwd, file) || file, options, dest, io, single, cwd));
  if (!rows.length) {
    return problem(
      'import',
      io,
      `no documents in ${args.positionals.map(escapeControls).join(', ')} (looked for .docx, .html, .md and .txt files)`,
    );
  }
  const ignored = Object.entries(inputs.ignored);
  io.out(
    `${summaryTable(rows)}${ignored.length ? `\nNot documents, left alone: ${ignored.map(([ext, n]) => `${n} .${ext}`).join(', ')}.` : ''}`,
  );

  const written = rows.filter((r) => r.result === 'written').map((r) => path.resolve(cwd, r.detail));
  const inContent = written.filter((f) => !path.relative(path.join(contentDir, 'postmortems'), f).startsWith('..'));
  if (single && inContent.length) stillToDo(inContent[0]!, settings, cwd, io);
  return rows.every((r) => ['written', 'would write', 'left alone'].includes(r.result)) ? EXIT.ok : EXIT.problems;
};

if (import.meta.main) await runAsProgram('import', run);
