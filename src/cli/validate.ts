import { escapeControls } from '../format/characters.ts';
import { readContent } from '../format/content-fs.ts';
import { formatReport, type Diagnostic, type OutputFormat } from '../format/diagnostics.ts';
import { validateContent, type ValidationResult } from '../validate/validate.ts';
import { writeEditionSnapshot } from '../build/edition-snapshot-fs.ts';
import { validateWithCache } from '../build/validate-cache-fs.ts';
import { leftOutNote } from '../validate/left-out.ts';
import { countTemplates } from '../validate/left-out-fs.ts';
import { scanSecrets } from '../validate/sensitive/secrets.ts';
import type { Settings } from '../config/settings.ts';
import type { ContentInput } from '../validate/validate.ts';
import { EXIT, parseCommand, runAsProgram, usageError, type Command } from './command.ts';
import { plural } from '../format/words.ts';
import { settingsFor, type Io } from './io.ts';

const FORMATS: readonly OutputFormat[] = ['text', 'json', 'github'];
const OPTIONS = {
  format: { type: 'string', default: 'text' },
  strict: { type: 'boolean', default: false },
  // For `npm run build`: write the validated archive for Astro (see archive-snapshot-fs.ts).
  snapshot: { type: 'string' },
  // For `npm run build`: reuse the results of unchanged files kept there (validate-cache.ts).
  cache: { type: 'string' },
} as const;

/** `npm run validate`: checks a content folder, or the files given, and reports every problem. */

export const USAGE = `Usage: npm run validate -- [options] [files or folders...]

Checks every postmortem and registry in the content folder (HINDSIGHT_CONTENT_DIR, default ./content),
or only the files given (a folder inside postmortems/ stands for every postmortem in it), and
reports every problem in one run.

Options:
  --format <text|json|github>  output format (default: text; github prints Actions annotations)
  --strict                     treat warnings as errors
  -h, --help                   show this help

Exit status: 0 when clean, 1 when any file has an error, 2 for a usage error or invalid settings.`;

/** The folder checks before reading: the content folder exists, and every file or folder named is one of its postmortems. */
function wantedFiles(positionals: string[], contentDir: string, cwd: string, io: Io): string[] | number {
  const path = process.getBuiltinModule('node:path');
  const { existsSync, statSync } = process.getBuiltinModule('node:fs');
  if (!existsSync(contentDir) || !statSync(contentDir).isDirectory()) {
    return usageError(
      'validate',
      io,
      `the content folder ${contentDir} does not exist: set HINDSIGHT_CONTENT_DIR to a folder with postmortems/ and the registries`,
    );
  }
  const wanted = positionals.map((f) => path.resolve(cwd, f));
  const missing = wanted.filter((f) => !existsSync(f));
  if (missing.length) return usageError('validate', io, `no such file or folder: ${missing.map(escapeControls).join(', ')}`);
  return wanted;
}

/** Files named that are neither a folder of postmortems nor one of the postmortems read. */
function outsideContent(wanted: string[], input: ContentInput, contentDir: string, cwd: string): string[] {
  const path = process.getBuiltinModule('node:path');
  const { statSync } = process.getBuiltinModule('node:fs');
  const postmortems = path.join(contentDir, 'postmortems');
  const known = (f: string) =>
    input.postmortems.some((p) => path.resolve(cwd, p.path) === f) || input.problems?.some((p) => path.resolve(cwd, p.file) === f);
  const inside = (child: string, parent: string) =>
    !path.relative(parent, child).startsWith('..') && !path.isAbsolute(path.relative(parent, child));
  return wanted.filter((f) => (statSync(f).isDirectory() ? !inside(f, postmortems) && !inside(postmortems, f) : !known(f)));
}

/** For `npm run build`: writes the validated archive for Astro, and says what the site leaves out. */
function writeSnapshot(snapshot: string, result: ValidationResult, settings: Settings, io: Io): void {
  const { internalLeftOut } = writeEditionSnapshot(snapshot, result, settings);
  const leftOut = leftOutNote(
    result.entries.map((entry) => entry.data.status),
    settings.drafts,
    countTemplates(settings.contentDir),
  );
  if (leftOut) io.out(`  ${leftOut}`);
  if (internalLeftOut)
    io.out(
      `  public edition: left out ${plural(internalLeftOut, 'internal postmortem')} (visibility: internal, or none given and the default is internal)`,
    );
}

/** Runs `npm run validate`; returns the exit code (0 clean, 1 errors found, 2 usage). */
export const run: Command = async (argv, env, io, options = {}) => {
  const cwd = options.cwd ?? process.cwd();
  const args = parseCommand('validate', USAGE, argv, io, OPTIONS, { positionals: true });
  if (typeof args === 'number') return args;
  const format = args.values.format as OutputFormat;
  if (!FORMATS.includes(format)) return usageError('validate', io, `unknown format "${format}": use text, json or github`, USAGE);
  const settings = settingsFor('validate', env, io, cwd);
  if (!settings) return EXIT.usage;
  const wanted = wantedFiles(args.positionals, settings.contentDir, cwd, io);
  if (typeof wanted === 'number') return wanted;
  const { contentDir } = settings;
  const input = readContent(contentDir, settings.defaultTimezone, { only: wanted.length ? wanted : undefined, cwd, dates: settings.dates });
  const outside = outsideContent(wanted, input, contentDir, cwd);
  if (outside.length) {
    const postmortems = process.getBuiltinModule('node:path').join(contentDir, 'postmortems');
    return usageError(
      'validate',
      io,
      `not a postmortem or a folder of postmortems in ${postmortems}: ${outside.map(escapeControls).join(', ')}`,
    );
  }
  const checked = { ...input, policy: settings.policy, sensitive: settings.sensitive };
  const cached = args.values.cache ? await validateWithCache(checked, args.values.cache) : undefined;
  const result = cached?.result ?? validateContent({ ...checked, secrets: await scanSecrets(input.postmortems) });
  const diagnostics: Diagnostic[] = args.values.strict
    ? result.diagnostics.map((d) => ({ ...d, severity: 'error' as const }))
    : result.diagnostics;
  io.out(formatReport(diagnostics, result.filesChecked, format));
  const code = diagnostics.some((d) => d.severity === 'error') ? EXIT.problems : EXIT.ok;
  if (code === EXIT.ok && args.values.snapshot) {
    writeSnapshot(args.values.snapshot, result, settings, io);
    if (cached) io.out(`  checks of ${cached.reused} of ${input.postmortems.length} postmortems reused (unchanged since the last build)`);
  }
  return code;
};

if (import.meta.main) await runAsProgram('validate', run);
