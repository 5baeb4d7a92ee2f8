import fs from 'node:fs';
import path from 'node:path';
import { readContent } from '../format/content-fs.ts';
import { frontmatterJsonSchema } from '../format/json-schema.ts';
import { parseRegistries } from '../validate/validate.ts';
import { processIo, settingsFor } from './io.ts';

/**
 * `npm run schema`: writes schema/postmortem.schema.json, the JSON Schema of the frontmatter with
 * this content folder's registry ids, for editors (the site publishes the same at
 * /schema/postmortem.json).
 */
const settings = settingsFor('schema', process.env, processIo);
if (!settings) process.exit(2);
const { registries, diagnostics } = parseRegistries(readContent(settings.contentDir, settings.defaultTimezone).registries);
if (diagnostics.some((d) => d.severity === 'error')) {
  process.stderr.write('schema: the registries have errors: run `npm run validate` for the list\n');
  process.exit(1);
}
const target = path.resolve('schema', 'postmortem.schema.json');
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, `${JSON.stringify(frontmatterJsonSchema(registries), null, 2)}\n`);
process.stdout.write(`Wrote ${path.relative(process.cwd(), target)}\n`);
