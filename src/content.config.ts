import { defineCollection } from 'astro:content';
import { config } from '../hindsight.config.ts';
import { readSnapshot } from './lib/archive-snapshot-fs.ts';
import { loadArchive, resolveContentDir } from './lib/content-fs.ts';
import { createPostmortemSchema, registrySchemas } from './lib/schema.ts';
import { postmortemsLoader, registryLoader } from './loaders.ts';

// The content folder is read and validated once; the loaders and the schema share the result.
// `npm run build` has validated it already and passes a snapshot of the result.
const contentDir = resolveContentDir();
const snapshot = process.env.HINDSIGHT_ARCHIVE;
const archive = snapshot ? readSnapshot(snapshot) : loadArchive(contentDir, config.defaultTimezone);
const postmortemSchema = createPostmortemSchema(archive.context);

export const collections = {
  postmortems: defineCollection({ loader: postmortemsLoader(contentDir, archive), schema: postmortemSchema }),
  services: defineCollection({ loader: registryLoader('services', archive), schema: registrySchemas.services }),
  rootCauses: defineCollection({ loader: registryLoader('rootCauses', archive), schema: registrySchemas.rootCauses }),
  severities: defineCollection({ loader: registryLoader('severities', archive), schema: registrySchemas.severities }),
};
