import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';

/**
 * Keeps Astro's content store out of the server bundle of a static build. Astro inlines the
 * store (`data-store.json`, every postmortem's data) into the bundle as one string literal: at
 * 10,000 postmortems Rolldown parses and writes a 30 MB module and holds about 500 MB of native
 * memory doing it, and Node then compiles the literal before parsing it again. The store file
 * is still on disk when the pages are prerendered in the same process, so the bundled module
 * reads it there instead: the same value, from `JSON.parse` of the same text.
 *
 * Only for `astro build` (the dev server serves the store from memory), and only the module's
 * code is replaced: Astro's marker that keeps the store out of each page's code hash stays, so
 * incremental builds still key pages by their props alone (src/site/cache-keys.ts).
 */

/** Astro's virtual module for the content store, as resolved (astro/dist/content/consts.js). */
const STORE_MODULE = '\0astro:data-layer-content';
/** The file Astro writes the store to in a build: `data-store.json` in its cacheDir. */
const STORE_FILE = 'data-store.json';

/** The module's code: the store, read from `file` when the prerender imports it (an empty store, as Astro's, when there is none). */
export function storeModuleCode(file: string): string {
  const name = JSON.stringify(file);
  return `import { existsSync, readFileSync } from 'node:fs';\nexport default existsSync(${name}) ? JSON.parse(readFileSync(${name}, 'utf8')) : new Map();\n`;
}

/** The integration: for `astro build`, the store module reads the store file instead of inlining it. */
export function contentStoreFromFile(): AstroIntegration {
  return {
    name: 'hindsight-content-store-from-file',
    hooks: {
      'astro:config:setup': ({ command, config, updateConfig }) => {
        // Astro's chunked storage names its store differently; this is for its default single file.
        const storage = config.experimental.collectionStorage;
        if (command !== 'build' || (storage !== undefined && storage !== 'single-file')) return;
        const file = fileURLToPath(new URL(STORE_FILE, config.cacheDir));
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'hindsight-content-store-from-file',
                // After Astro's own load: only the code changes, its metadata stays.
                transform: {
                  filter: { id: new RegExp(`^${STORE_MODULE}$`) },
                  handler: (_code, id) => (id === STORE_MODULE ? { code: storeModuleCode(file), map: { mappings: '' } } : undefined),
                },
              },
            ],
          },
        });
      },
    },
  };
}
