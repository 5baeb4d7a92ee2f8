import { defineCollection } from 'astro:content';
import { settings } from './config/settings.ts';
import { readSnapshot } from './validate/archive-snapshot-fs.ts';
import { createPostmortemSchema, registrySchemas } from './format/schema.ts';
import { createArchiveSource, postmortemsLoader, registryLoader } from './astro/loaders.ts';

// The content folder is read and validated once; the loaders and the schema share the result.
// `npm run build` has validated it already and passes a snapshot of the result.
const config = settings();
const contentDir = config.contentDir;
const snapshot = config.archive;
// Only the dev server reads and validates the folder itself: a build is handed the validated
// snapshot, so Astro never loads the validator (secretlint, libphonenumber-js, the body checks),
// which cost every build about a second of module loading.
const reader = snapshot ? undefined : await import('./format/content-fs.ts');
const load = () => reader!.loadArchive(contentDir, config.defaultTimezone, config.policy, process.cwd(), config.dates);
const source = createArchiveSource(contentDir, snapshot ? readSnapshot(snapshot) : load(), load);
const postmortemSchema = createPostmortemSchema(source.current().context);

export const collections = {
  postmortems: defineCollection({ loader: postmortemsLoader(source), schema: postmortemSchema }),
  services: defineCollection({ loader: registryLoader('services', source), schema: registrySchemas.services }),
  rootCauses: defineCollection({ loader: registryLoader('rootCauses', source), schema: registrySchemas.rootCauses }),
  severities: defineCollection({ loader: registryLoader('severities', source), schema: registrySchemas.severities }),
};
