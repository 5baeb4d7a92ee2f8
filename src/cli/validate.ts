import { parseArgs } from 'node:util';
import { escapeControls } from '../format/characters.ts';
import { readContent } from '../format/content-fs.ts';
import { formatReport, type Diagnostic, type OutputFormat } from '../format/diagnostics.ts';
import { validateContent, type ValidationResult } from '../validate/validate.ts';
import { writeEditionSnapshot } from '../build/edition-snapshot-fs.ts';
import { validateWithCache } from '../build/validate-cache-fs.ts';
import { leftOutNote } from '../validate/left-out.ts';
import { countTemplates } from '../validate/left-out-fs.ts';
import { scanSecrets } from '../validate/sensitive/secrets.ts';
import { processIo, settingsFor, type Io } from './io.ts';

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

export interface ValidateRun {
  code: number;
  result?: ValidationResult;
}

export async function runValidate(argv: string[], env: NodeJS.ProcessEnv, io: Io, cwd = process.cwd()): Promise<ValidateRun> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        strict: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        // For `npm run build`: write the validated archive for Astro (see archive-snapshot-fs.ts).
        snapshot: { type: 'string' },
        // For `npm run build`: reuse the results of unchanged files kept there (validate-cache.ts).
        cache: { type: 'string' },
      },
    });
  } catch (error) {
    io.err(`validate: ${(error as Error).message}\n\n${USAGE}`);
    return { code: 2 };
  }
  if (args.values.help) {
    io.out(USAGE);
    return { code: 0 };
  }
  const format = args.values.format as OutputFormat;
  if (!['text', 'json', 'github'].includes(format)) {
    io.err(`validate: unknown format "${format}": use text, json or github\n\n${USAGE}`);
    return { code: 2 };
  }
  const settings = settingsFor('validate', env, io, cwd);
  if (!settings) return { code: 2 };
  const { contentDir } = settings;
  const { existsSync, statSync } = process.getBuiltinModule('node:fs');
  if (!existsSync(contentDir) || !statSync(contentDir).isDirectory()) {
    io.err(
      `validate: the content folder ${contentDir} does not exist: set HINDSIGHT_CONTENT_DIR to a folder with postmortems/ and the registries`,
    );
    return { code: 2 };
  }
  const path = process.getBuiltinModule('node:path');
  const wanted = args.positionals.map((f) => path.resolve(cwd, f));
  const missing = wanted.filter((f) => !existsSync(f));
  if (missing.length) {
    io.err(`validate: no such file or folder: ${missing.map(escapeControls).join(', ')}`);
    return { code: 2 };
  }
  const input = readContent(contentDir, settings.defaultTimezone, { only: wanted.length ? wanted : undefined, cwd, dates: settings.dates });
  // A folder stands for every postmortem inside it; a file must be one of them (or reported).
  const postmortems = path.join(contentDir, 'postmortems');
  const known = (f: string) =>
    input.postmortems.some((p) => path.resolve(cwd, p.path) === f) || input.problems?.some((p) => path.resolve(cwd, p.file) === f);
  const inside = (child: string, parent: string) =>
    !path.relative(parent, child).startsWith('..') && !path.isAbsolute(path.relative(parent, child));
  const outside = wanted.filter((f) => (statSync(f).isDirectory() ? !inside(f, postmortems) && !inside(postmortems, f) : !known(f)));
  if (outside.length) {
    io.err(`validate: not a postmortem or a folder of postmortems in ${postmortems}: ${outside.map(escapeControls).join(', ')}`);
    return { code: 2 };
  }
  const checked = { ...input, policy: settings.policy, sensitive: settings.sensitive };
  const cached = args.values.cache ? await validateWithCache(checked, args.values.cache) : undefined;
  const result = cached?.result ?? validateContent({ ...checked, secrets: await scanSecrets(input.postmortems) });
  const diagnostics: Diagnostic[] = args.values.strict
    ? result.diagnostics.map((d) => ({ ...d, severity: 'error' as const }))
    : result.diagnostics;
  io.out(formatReport(diagnostics, result.filesChecked, format));
  const code = diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
  if (code === 0 && args.values.snapshot) {
    const { internalLeftOut } = writeEditionSnapshot(args.values.snapshot, result, settings);
    const leftOut = leftOutNote(
      result.entries.map((entry) => entry.data.status),
      settings.drafts,
      countTemplates(contentDir),
    );
    if (leftOut) io.out(`  ${leftOut}`);
    if (cached) io.out(`  checks of ${cached.reused} of ${input.postmortems.length} postmortems reused (unchanged since the last build)`);
    if (internalLeftOut)
      io.out(
        `  public edition: left out ${internalLeftOut} internal postmortem${internalLeftOut === 1 ? '' : 's'} (visibility: internal, or none given and the default is internal)`,
      );
  }
  return { code, result };
}

if (import.meta.main) {
  const run = await runValidate(process.argv.slice(2), process.env, processIo);
  process.exitCode = run.code;
}
