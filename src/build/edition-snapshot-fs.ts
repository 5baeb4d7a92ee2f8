import fs from 'node:fs';
import type { Settings } from '../config/settings.ts';
import { writeSnapshot } from '../validate/archive-snapshot-fs.ts';
import type { ValidationResult, ValidEntry } from '../validate/validate.ts';
import { inEdition, publicRegistries, redact } from '../site/edition.ts';
import { editionSecrets, type EditionSecrets } from './edition-secrets.ts';

/**
 * What the build hands Astro for this edition: the entries the edition holds, with the public
 * edition's internal-only fields already removed (so Astro never holds them) and its registries
 * cut to what its postmortems name, and, for the public edition, what the leak check must not
 * find in the built site.
 */

const secretsFile = (snapshot: string) => `${snapshot}.secrets.json`;

/** Writes the edition's snapshot (and its secrets, for the public edition); returns how many entries it left out for being internal. */
export function writeEditionSnapshot(file: string, result: ValidationResult, settings: Settings): { internalLeftOut: number } {
  const holds = (entry: ValidEntry) => inEdition(entry.data, settings.edition, settings.drafts, settings.defaultVisibility);
  if (settings.edition !== 'public') {
    writeSnapshot(file, result, holds);
    return { internalLeftOut: 0 };
  }
  const shown = (data: ValidEntry['data']) => redact(data, settings.internalOnlyFields);
  const held = result.entries.filter(holds);
  const left = result.entries.filter((entry) => !holds(entry));
  const registries = publicRegistries(
    result.registries,
    held.map((entry) => entry.data),
  );
  writeSnapshot(file, { ...result, registries }, holds, shown);
  fs.writeFileSync(
    secretsFile(file),
    JSON.stringify(
      editionSecrets(held, left, (data) => shown(data as ValidEntry['data']), registries, [settings.title, settings.organisation]),
    ),
  );
  return { internalLeftOut: left.filter((entry) => settings.drafts || entry.data.status === 'published').length };
}

/** The public edition's secrets, or undefined for the internal edition. */
export function readEditionSecrets(snapshot: string): EditionSecrets | undefined {
  const file = secretsFile(snapshot);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as EditionSecrets) : undefined;
}
