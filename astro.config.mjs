// @ts-check
import mdx from '@astrojs/mdx';
import { defineConfig } from 'astro/config';
import { config } from './hindsight.config.ts';

export default defineConfig({
  site: config.site,
  base: config.base,
  trailingSlash: 'always',
  integrations: [mdx()],
  build: { format: 'directory' },
  devToolbar: { enabled: false },
});
