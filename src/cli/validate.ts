import { parseArgs } from 'node:util';
import { config } from '../../hindsight.config.ts';
import { readContent, resolveContentDir } from '../lib/content-fs.ts';
import { formatReport, type Diagnostic, type OutputFormat } from '../lib/diagnostics.ts';
import { validateContent, type ValidationResult } from '../lib/validate.ts';
import { writeSnapshot } from '../lib/archive-snapshot-fs.ts';
import { isPreview, isVisible } from '../lib/visibility.ts';
import { leftOutNote } from '../lib/left-out.ts';
import { countTemplates } from '../lib/left-out-fs.ts';
import { processIo, type Io } from './io.ts';

/** `npm run validate`: checks a content folder, or the files given, and reports every problem. */

export const USAGE = `Usage: npm run validate -- [options] [files...]

Checks every postmortem and registry in the content folder (HINDSIGHT_CONTENT_DIR, default ./content),
or only the files given, and reports every problem in one run.

Options:
  --format <text|json|github>  output format (default: text; github prints Actions annotations)
  --strict                     treat warnings as errors
  -h, --help                   show this help

Exit status: 0 when clean, 1 when any file has an error, 2 for a usage error.`;

export interface ValidateRun {
  code: number;
  result?: ValidationResult;
}

export function runValidate(argv: string[], env: NodeJS.ProcessEnv, io: Io, cwd = process.cwd()): ValidateRun {
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
  const contentDir = resolveContentDir(env, cwd);
  const { existsSync, statSync } = process.getBuiltinModule('node:fs');
  if (!existsSync(contentDir) || !statSync(contentDir).isDirectory()) {
    io.err(`validate: the content folder ${contentDir} does not exist: set HINDSIGHT_CONTENT_DIR to a folder with postmortems/ and the registries`);
    return { code: 2 };
  }
  const path = process.getBuiltinModule('node:path');
  const wanted = args.positionals.map((f) => path.resolve(cwd, f));
  const missing = wanted.filter((f) => !existsSync(f));
  if (missing.length) {
    io.err(`validate: no such file: ${missing.join(', ')}`);
    return { code: 2 };
  }
  const input = readContent(contentDir, config.defaultTimezone, { only: wanted.length ? wanted : undefined, cwd });
  const outside = wanted.filter((f) => !input.postmortems.some((p) => path.resolve(cwd, p.path) === f));
  if (outside.length) {
    io.err(`validate: not a postmortem in ${path.join(contentDir, 'postmortems')}: ${outside.join(', ')}`);
    return { code: 2 };
  }
  const result = validateContent({ ...input, policy: config.policy });
  const diagnostics: Diagnostic[] = args.values.strict
    ? result.diagnostics.map((d) => ({ ...d, severity: 'error' as const }))
    : result.diagnostics;
  io.out(formatReport(diagnostics, result.filesChecked, format));
  const code = diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
  if (code === 0 && args.values.snapshot) {
    const preview = isPreview(env);
    writeSnapshot(args.values.snapshot, result, (entry) => isVisible(entry.data.status, preview));
    const leftOut = leftOutNote(result.entries.map((entry) => entry.data.status), preview, countTemplates(contentDir));
    if (leftOut) io.out(`  ${leftOut}`);
  }
  return { code, result };
}

if (import.meta.main) {
  const run = runValidate(process.argv.slice(2), process.env, processIo);
  process.exitCode = run.code;
}
