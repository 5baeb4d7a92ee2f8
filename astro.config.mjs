// @ts-check
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import { config } from './hindsight.config.ts';
import { searchDevIndex } from './src/integrations/search-dev-index.ts';

export default defineConfig({
  // The build script gives every build a content store of its own, so concurrent builds of
  // different folders (tests run several at once) never share one.
  cacheDir: process.env.HINDSIGHT_CACHE_DIR || './node_modules/.astro',
  site: config.site,
  base: config.base,
  trailingSlash: 'always',
  integrations: [mdx(), sitemap(), searchDevIndex()],
  // Stylesheets are files, never inline <style>: the Content-Security-Policy allows no inline style.
  build: { format: 'directory', inlineStylesheets: 'never' },
  devToolbar: { enabled: false },
});
