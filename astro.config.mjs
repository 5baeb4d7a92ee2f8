// @ts-check
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import { settings, SettingsError } from './src/config/settings.ts';
import { searchDevIndex } from './src/integrations/search-dev-index.ts';

/** Read and validated once (src/config/settings.ts): a bad HINDSIGHT_* variable stops here, named, exit 2. */
function readSettings() {
  try {
    return settings();
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    process.stderr.write(`astro: ${error.message}\n`);
    process.exit(2);
  }
}
const config = readSettings();

export default defineConfig({
  // The build script gives every build a content store of its own, so concurrent builds of
  // different folders (tests run several at once) never share one.
  cacheDir: config.cacheDir ?? './node_modules/.astro',
  site: config.site,
  base: config.base,
  trailingSlash: 'always',
  integrations: [mdx(), sitemap(), searchDevIndex()],
  // Stylesheets are files, never inline <style>: the Content-Security-Policy allows no inline style.
  build: { format: 'directory', inlineStylesheets: 'never' },
  devToolbar: { enabled: false },
});
