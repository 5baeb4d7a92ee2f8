import type { Loader } from 'astro/loaders';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatReport } from './lib/diagnostics.ts';
import { renderBody } from './lib/render-body.ts';
import type { RegistryName } from './lib/schema.ts';
import type { ValidationResult } from './lib/validate.ts';
import { isPreview, isVisible } from './lib/visibility.ts';

/**
 * Astro content loaders over the archive that `lib/` already read and validated, so the site
 * sees exactly what `npm run validate` saw. Only visible postmortems enter the store: a
 * production build never hands a draft's text to Vite. Bodies are stored as rendered HTML
 * (render-body.ts): no postmortem becomes a JavaScript module.
 */

export function postmortemsLoader(contentDir: string, archive: ValidationResult): Loader {
  return {
    name: 'hindsight-postmortems',
    load: async ({ store, parseData, generateDigest, logger, config, watcher }) => {
      const errors = archive.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length) {
        logger.error(`\n${formatReport(errors, archive.filesChecked, 'text')}`);
        // A build must not publish an archive with a file missing from it; the dev server
        // (which has a watcher) keeps serving the valid ones while the author fixes the rest.
        if (!watcher) {
          throw new Error(`${errors.length} problems in the content folder: run \`npm run validate\` for the list`);
        }
      }
      // The dev server always previews; a build only with HINDSIGHT_DRAFTS=1.
      const preview = isPreview(process.env) || watcher !== undefined;
      const root = fileURLToPath(config.root);
      store.clear();
      for (const entry of archive.entries) {
        if (!isVisible(entry.data.status, preview)) continue;
        const abs = path.join(contentDir, 'postmortems', entry.relPath);
        const filePath = path.relative(root, abs).split(path.sep).join('/');
        const data = await parseData({ id: entry.slug, data: entry.raw, filePath: abs });
        const digest = generateDigest(entry.body + JSON.stringify(entry.raw));
        const { html, headings } = renderBody(entry.body, entry.relPath.endsWith('.mdx'));
        store.set({ id: entry.slug, data, filePath, digest, rendered: { html, metadata: { headings } } });
      }
    },
  };
}

export function registryLoader(name: RegistryName, archive: ValidationResult): Loader {
  return {
    name: `hindsight-${name}`,
    load: async ({ store, parseData }) => {
      store.clear();
      for (const item of archive.registries[name]) {
        store.set({ id: item.id, data: await parseData({ id: item.id, data: { ...item } }) });
      }
    },
  };
}
