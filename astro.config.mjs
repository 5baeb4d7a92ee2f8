// @ts-check
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import { config } from './hindsight.config.ts';
import { searchDevIndex } from './src/integrations/search-dev-index.ts';

export default defineConfig({
  // `npm run build` gives each content folder and edition a cache folder of its own, kept between
  // builds and locked while one builds (src/build/astro-cache-fs.ts).
  cacheDir: process.env.HINDSIGHT_CACHE_DIR || './node_modules/.astro',
  // Pages from getStaticPaths carry a cacheKey (src/site/cache-keys.ts); unchanged ones are
  // copied from the previous build instead of rendered again.
  experimental: { incrementalBuild: true },
  site: config.site,
  base: config.base,
  trailingSlash: 'always',
  integrations: [mdx(), sitemap(), searchDevIndex()],
  build: { format: 'directory' },
  devToolbar: { enabled: false },
});
