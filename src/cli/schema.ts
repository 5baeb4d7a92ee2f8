import fs from 'node:fs';
import path from 'node:path';
import { readContent } from '../format/content-fs.ts';
import { frontmatterJsonSchema } from '../format/json-schema.ts';
import { parseRegistries } from '../validate/validate.ts';
import { EXIT, parseCommand, problem, runAsProgram, type Command } from './command.ts';
import { settingsFor } from './io.ts';

/**
 * `npm run schema`: writes schema/postmortem.schema.json, the JSON Schema of the frontmatter with
 * this content folder's registry ids, for editors (the site publishes the same at
 * /schema/postmortem.json).
 */

const USAGE = `Usage: npm run schema

Writes schema/postmortem.schema.json: the JSON Schema of a postmortem's frontmatter, with the
ids of the content folder's registries (HINDSIGHT_CONTENT_DIR, default ./content), for editors.

Exit status: 0 when written, 1 when the registries have errors, 2 for a usage error.`;

/** Runs `npm run schema`; returns the exit code. */
export const run: Command = async (argv, env, io, options = {}) => {
  const cwd = options.cwd ?? process.cwd();
  const args = parseCommand('schema', USAGE, argv, io, {});
  if (typeof args === 'number') return args;
  const settings = settingsFor('schema', env, io, cwd);
  if (!settings) return EXIT.usage;
  const { registries, diagnostics } = parseRegistries(readContent(settings.contentDir, settings.defaultTimezone).registries);
  if (diagnostics.some((d) => d.severity === 'error')) {
    return problem('schema', io, 'the registries have errors: run `npm run validate` for the list');
  }
  const target = path.resolve(cwd, 'schema', 'postmortem.schema.json');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, `${JSON.stringify(frontmatterJsonSchema(registries), null, 2)}\n`);
  io.out(`Wrote ${path.relative(cwd, target)}`);
  return EXIT.ok;
};

if (import.meta.main) await runAsProgram('schema', run);
