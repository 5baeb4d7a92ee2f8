// @ts-check
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import { settings } from './src/config/settings.ts';
import { HindsightError } from './src/format/errors.ts';
import { searchDevIndex } from './src/astro/search-dev-index.ts';
import { DEFAULT_CACHE_DIR } from './src/astro/body-store-fs.ts';
import { contentStoreFromFile } from './src/astro/content-store-file.ts';
import { linkedRestore } from './src/astro/linked-restore-fs.ts';

/** Read and validated once (src/config/settings.ts): a bad HINDSIGHT_* variable stops here, named, exit 2. */
function readSettings() {
  try {
    return settings();
  } catch (error) {
    if (!(error instanceof HindsightError)) throw error;
    process.stderr.write(`astro: ${error.message}\n`);
    process.exit(2);
  }
}
const config = readSettings();

export default defineConfig({
  // `npm run build` gives each content folder and edition a cache folder of its own, kept between
  // builds and locked while one builds (src/build/astro-cache-fs.ts).
  cacheDir: config.cacheDir ?? DEFAULT_CACHE_DIR,
  // Pages from getStaticPaths carry a cacheKey (src/site/cache-keys.ts); unchanged ones are
  // taken from the previous build (hard links: src/astro/linked-restore-fs.ts) instead of rendered again.
  experimental: { incrementalBuild: true },
  site: config.site,
  base: config.base,
  trailingSlash: 'always',
  // The internal edition has no sitemap unless configured: nothing should point crawlers at it.
  integrations: [mdx(), ...(config.sitemap ? [sitemap()] : []), searchDevIndex(), contentStoreFromFile(), linkedRestore()],
  // Stylesheets are files, never inline <style>: the Content-Security-Policy allows no inline style.
  // Four pages at a time: a page an incremental build reuses is a file-system call or two, and one
  // at a time leaves the process waiting on the disk.
  build: { format: 'directory', inlineStylesheets: 'never', concurrency: 4 },
  devToolbar: { enabled: false },
  // `npm run build` (which hands Astro the validated archive) gives Astro a new output folder, in
  // which it has already made the folders of the pages it will restore (src/build/page-folders-fs.ts).
  vite: { build: { emptyOutDir: config.archive === undefined } },
});
