import fs from 'node:fs';
import path from 'node:path';
import { importDocument, type ImportOptions, type ImportResult } from '../../../src/authoring/import/import-document.ts';
import { parseRegistries, validateContent } from '../../../src/validate/validate.ts';
import { FIXTURES } from '../../helpers/authoring.ts';

/** The importer run on fixture documents against the authoring fixture's registries, and the validator on its output. */

export const IMPORTS = path.join(FIXTURES, 'import');
const registrySource = (file: string) => ({ path: file, text: fs.readFileSync(path.join(FIXTURES, 'authoring', file), 'utf8') });
export const REGISTRY_SOURCES = {
  services: registrySource('services.yaml'),
  rootCauses: registrySource('root-causes.yaml'),
  severities: registrySource('severities.yaml'),
};
export const { registries } = parseRegistries(REGISTRY_SOURCES);
export const TODAY = '2026-11-24';
export const OPTIONS: ImportOptions = { defaultTimezone: 'UTC', registries, today: TODAY };

/** Imports a fixture file (or given bytes under a name). */
export function importFixture(name: string, options: Partial<ImportOptions> = {}, bytes?: Uint8Array): Promise<ImportResult> {
  return importDocument(name, bytes ?? fs.readFileSync(path.join(IMPORTS, name)), { ...OPTIONS, ...options });
}

/** Validates an imported file as `npm run validate` would. */
export function check(result: Pick<ImportResult, 'slug' | 'text'>) {
  return validateContent({
    registries: REGISTRY_SOURCES,
    postmortems: [{ path: `content/postmortems/${result.slug}.mdx`, relPath: `${result.slug}.mdx`, text: result.text }],
    defaultTimezone: 'UTC',
  });
}

/** The validated data of an import that must have no errors. */
export function validData(result: Pick<ImportResult, 'slug' | 'text'>) {
  const validated = check(result);
  const errors = validated.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`the import has errors: ${JSON.stringify(errors)}`);
  return validated.entries[0]!.data;
}
