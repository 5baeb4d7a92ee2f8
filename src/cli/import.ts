import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { existingSlugFile, loadRegistries, writeNewFile } from '../lib/authoring-fs.ts';
import { escapeControls } from '../lib/characters.ts';
import { readContent, readText } from '../lib/content-fs.ts';
import { formatReport } from '../lib/diagnostics.ts';
import { ImportError, importPostmortem } from '../lib/importer.ts';
import { checkAnswers } from '../lib/scaffold.ts';
import type { Registries } from '../lib/schema.ts';
import { validateContent } from '../lib/validate.ts';
import { processIo, settingsFor, type Io } from './io.ts';

/** `npm run import -- <file>`: an incident report exported from a wiki or a doc, as a draft postmortem. */

export const USAGE = `Usage: npm run import -- <file> [options]

Turns a postmortem written as plain text or Markdown (exported from a wiki or a doc) into a
draft in the format: title, dates, timeline, sections, corrective measures as action items.
What it cannot infer is left as TODO, which \`npm run validate\` lists.

Options:
  --out <path>            file or folder to write (default: <content>/postmortems/<slug>.mdx)
  --timezone <zone>       zone for times written without one (IANA name or EAT, UTC, ...)
  --date <YYYY-MM-DD>     start date, when the text has none
  --pick <n>              which postmortem to import when the file holds several (default 1)
  --title <text>          the title, instead of the one found
  --severity <id>         from severities.yaml
  --service <id>          from services.yaml; repeatable or a comma list (default: guessed from the text)
  --root-cause <id>       from root-causes.yaml; repeatable or a comma list (default: guessed)
  --dry-run               print the file instead of writing it
  -h, --help              show this help

Exit status: 0 when imported, 1 when the input cannot be imported or the file exists, 2 for a usage error.`;

const list = (values: string[] | undefined) => values?.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);

export function runImport(argv: string[], env: NodeJS.ProcessEnv, io: Io, cwd = process.cwd()): number {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        timezone: { type: 'string' },
        date: { type: 'string' },
        pick: { type: 'string' },
        title: { type: 'string' },
        severity: { type: 'string' },
        service: { type: 'string', multiple: true },
        'root-cause': { type: 'string', multiple: true },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    io.err(`import: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const v = args.values;
  if (v.help) {
    io.out(USAGE);
    return 0;
  }
  const settings = settingsFor('import', env, io, cwd);
  if (!settings) return 2;
  if (args.positionals.length !== 1) {
    io.err(`import: give one file to import\n\n${USAGE}`);
    return 2;
  }
  const input = path.resolve(cwd, args.positionals[0]!);
  if (!fs.existsSync(input) || !fs.statSync(input).isFile()) {
    io.err(`import: no such file: ${args.positionals[0]}`);
    return 1;
  }
  const pick = v.pick === undefined ? undefined : Number(v.pick);
  if (pick !== undefined && !Number.isInteger(pick)) {
    io.err(`import: --pick takes a number, e.g. --pick 2`);
    return 2;
  }

  const contentDir = settings.contentDir;
  const hasContent = fs.existsSync(contentDir);
  let registries: Registries | undefined;
  if (hasContent) {
    const loaded = loadRegistries(contentDir, settings.defaultTimezone);
    if (!loaded.diagnostics.some((d) => d.severity === 'error')) registries = loaded.registries;
  }
  const services = list(v.service);
  const rootCauses = list(v['root-cause']);
  if (registries) {
    const problems = checkAnswers({ severity: v.severity, services, rootCauses }, registries);
    if (problems.length) {
      io.err(problems.map((p) => `import: ${p.flag}: ${p.message}.${p.suggestion ? ` Did you mean "${p.suggestion}"?` : ''}`).join('\n'));
      return 1;
    }
  }

  const read = readText(input);
  if (read.problem?.rule === 'encoding') {
    // Older wiki and Word exports are often Windows-1252 rather than UTF-8.
    read.text = new TextDecoder('windows-1252').decode(fs.readFileSync(input));
    io.err('import: note: the file is not UTF-8; it was read as Windows-1252');
  }
  if (read.text === undefined) {
    io.err(`import: ${args.positionals[0]}: ${read.problem?.message}; ${read.problem?.hint ?? ''}`);
    return 1;
  }
  let result;
  try {
    result = importPostmortem(read.text, { defaultTimezone: settings.defaultTimezone, timezone: v.timezone, registries, pick, title: v.title, severity: v.severity, services, rootCauses, date: v.date });
  } catch (error) {
    if (error instanceof ImportError) {
      io.err(`import: ${args.positionals[0]}: ${error.message}.${error.hint ? ` Fix: ${error.hint}.` : ''}`);
      return 1;
    }
    throw error;
  }
  for (const warning of result.warnings) io.err(`import: note: ${warning}`);
  if (v['dry-run']) {
    io.out(result.text);
    return 0;
  }

  const postmortems = path.join(contentDir, 'postmortems');
  let file: string;
  if (v.out) {
    const out = path.resolve(cwd, v.out);
    file = /\.mdx?$/i.test(out) ? out : path.join(out, `${result.slug}.mdx`);
  } else {
    if (!hasContent) {
      io.err(`import: the content folder ${contentDir} does not exist: set HINDSIGHT_CONTENT_DIR, or pass --out`);
      return 1;
    }
    file = path.join(postmortems, `${result.slug}.mdx`);
  }
  const shown = path.relative(cwd, file) || file;
  const inside = hasContent && !path.relative(postmortems, file).startsWith('..');
  const other = inside ? existingSlugFile(contentDir, path.basename(file).replace(/\.mdx?$/i, '')) : undefined;
  if (other && path.resolve(other) !== file) {
    io.err(`import: a postmortem named ${path.basename(file)} already exists (${path.relative(cwd, other)}); nothing was written. Pass --out with another name`);
    return 1;
  }
  if (!writeNewFile(file, result.text)) {
    io.err(`import: ${shown} already exists; nothing was written. Pass --out with another name, or delete it first`);
    return 1;
  }
  io.out(`Imported ${escapeControls(args.positionals[0]!)} into ${escapeControls(shown)} (a draft).`);
  if (inside) {
    // Name every TODO left right away: the author's to-do list.
    const check = validateContent({ ...readContent(contentDir, settings.defaultTimezone, { only: [file], cwd, dates: settings.dates }), policy: settings.policy });
    if (check.diagnostics.length) io.out(`\nStill to do (npm run validate -- ${shown}):\n${formatReport(check.diagnostics, 1, 'text')}`);
  }
  return 0;
}

if (import.meta.main) {
  process.exitCode = runImport(process.argv.slice(2), process.env, processIo);
}
