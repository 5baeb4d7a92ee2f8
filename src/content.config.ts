import { defineCollection } from 'astro:content';
import { config } from '../hindsight.config.ts';
import { readSnapshot } from './lib/archive-snapshot-fs.ts';
import { loadArchive, resolveContentDir } from './lib/content-fs.ts';
import { createPostmortemSchema, registrySchemas } from './lib/schema.ts';
import { createArchiveSource, postmortemsLoader, registryLoader } from './loaders.ts';

// The content folder is read and validated once; the loaders and the schema share the result.
// `npm run build` has validated it already and passes a snapshot of the result.
const contentDir = resolveContentDir();
const snapshot = process.env.HINDSIGHT_ARCHIVE;
const load = () => loadArchive(contentDir, config.defaultTimezone, config.policy);
const source = createArchiveSource(contentDir, snapshot ? readSnapshot(snapshot) : load(), load);
const postmortemSchema = createPostmortemSchema(source.current().context);

export const collections = {
  postmortems: defineCollection({ loader: postmortemsLoader(source), schema: postmortemSchema }),
  services: defineCollection({ loader: registryLoader('services', source), schema: registrySchemas.services }),
  rootCauses: defineCollection({ loader: registryLoader('rootCauses', source), schema: registrySchemas.rootCauses }),
  severities: defineCollection({ loader: registryLoader('severities', source), schema: registrySchemas.severities }),
};
