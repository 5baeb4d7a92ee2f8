import type { Loader, LoaderContext } from 'astro/loaders';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatReport } from '../format/diagnostics.ts';
import type { RegistryName } from '../format/schema.ts';
import type { ValidationResult } from '../validate/validate.ts';
import { settings } from '../config/settings.ts';
import { inEdition, redact } from '../site/edition.ts';
import { bodyStoreFile, writeBodyStore, type StoredBody } from './body-store-fs.ts';

/**
 * Astro content loaders over the archive that `src/format` and `src/validate` already read and validated, so the site
 * sees exactly what `npm run validate` saw. Only visible postmortems enter the store: a
 * production build never hands a draft's text to Vite. The content store holds each entry's
 * data and a digest of its data and body; the bodies go to the body store (body-store-fs.ts),
 * and the incident page renders its own when it is built: no postmortem becomes a JavaScript
 * module, and a page an incremental build skips renders nothing.
 */

/** The validated archive, re-read once per change the dev server sees in the content folder. */
export interface ArchiveSource {
  contentDir: string;
  current(): ValidationResult;
  /** Under the dev server: call `listener` after each re-read. */
  watch(context: LoaderContext, listener: () => Promise<void>): void;
}

function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return !rel.startsWith('..') && !path.isAbsolute(rel);
}

export function createArchiveSource(contentDir: string, initial: ValidationResult, load: () => ValidationResult): ArchiveSource {
  let archive = initial;
  const listeners: (() => Promise<void>)[] = [];
  let watching = false;
  return {
    contentDir,
    current: () => archive,
    watch({ watcher, logger }, listener) {
      if (!watcher) return;
      listeners.push(listener);
      if (watching) return;
      watching = true;
      watcher.add(contentDir);
      let pending: NodeJS.Timeout | undefined;
      watcher.on('all', (_event, file) => {
        if (!isInside(file, contentDir)) return;
        clearTimeout(pending);
        pending = setTimeout(() => {
          archive = load();
          for (const notify of listeners) notify().catch((error: unknown) => logger.error(String(error)));
        }, 50);
      });
    },
  };
}

export function postmortemsLoader(source: ArchiveSource): Loader {
  return {
    name: 'hindsight-postmortems',
    load: async (context) => {
      const { store, parseData, generateDigest, logger, config, watcher } = context;
      // The dev server always previews; a build only with HINDSIGHT_DRAFTS=1. The build hands a
      // snapshot already cut to its edition (edition-snapshot-fs.ts); the dev server cuts here.
      const { drafts, edition, defaultVisibility, internalOnlyFields, archive: snapshot } = settings();
      const preview = drafts || watcher !== undefined;
      const root = fileURLToPath(config.root);
      const sync = async (fresh: boolean) => {
        const archive = source.current();
        const errors = archive.diagnostics.filter((d) => d.severity === 'error');
        if (errors.length) {
          logger.error(`\n${formatReport(errors, archive.filesChecked, 'text')}`);
          // A build must not publish an archive with a file missing from it; the dev server
          // keeps serving the valid ones while the author fixes the rest.
          if (!watcher) throw new Error(`${errors.length} problems in the content folder: run \`npm run validate\` for the list`);
        }
        store.clear();
        const bodies: Record<string, StoredBody> = {};
        for (const entry of archive.entries) {
          if (!inEdition(entry.data, edition, preview, defaultVisibility)) continue;
          const abs = path.join(source.contentDir, 'postmortems', entry.relPath);
          const filePath = path.relative(root, abs).split(path.sep).join('/');
          // The collection's schema is the validator's, built when the config loaded; after a
          // change in the dev server the registries may have changed since, and the entry was
          // just parsed by a schema built from the fresh ones. A snapshot holds the validator's
          // output, cut to the edition (the public one lacks internal-only fields the schema requires).
          const parsed = fresh || snapshot ? entry.data : await parseData({ id: entry.slug, data: entry.raw, filePath: abs });
          const data = edition === 'public' && !snapshot ? redact(parsed, internalOnlyFields) : parsed;
          const digest = generateDigest(entry.body + JSON.stringify(data));
          bodies[entry.slug] = { digest, mdx: entry.relPath.endsWith('.mdx'), body: entry.body };
          store.set({ id: entry.slug, data, filePath, digest });
        }
        // The store's path as bodies.ts finds it, without loading the body pipeline into the content config.
        writeBodyStore(bodyStoreFile(settings().cacheDir), bodies);
        if (fresh) logger.info(`reloaded ${archive.entries.length} postmortems`);
      };
      await sync(false);
      source.watch(context, () => sync(true));
    },
  };
}

export function registryLoader(name: RegistryName, source: ArchiveSource): Loader {
  return {
    name: `hindsight-${name}`,
    load: async (context) => {
      const { store, parseData } = context;
      const sync = async (fresh: boolean) => {
        store.clear();
        for (const item of source.current().registries[name]) {
          store.set({ id: item.id, data: fresh ? { ...item } : await parseData({ id: item.id, data: { ...item } }) });
        }
      };
      await sync(false);
      source.watch(context, () => sync(true));
    },
  };
}
