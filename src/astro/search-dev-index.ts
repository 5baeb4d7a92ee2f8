import type { AstroIntegration } from 'astro';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Lets search work in `npm run dev`: the dev server serves the search index of the last
 * `npm run build` (dist/pagefind/) at `<base>pagefind/`. That index holds published postmortems
 * only, so drafts shown by the dev server are never searchable, and text edited since the build
 * is found only after the next build. Without a build, the search page says what to run.
 */
export function searchDevIndex(): AstroIntegration {
  let indexDir = '';
  let prefix = '/pagefind/';
  return {
    name: 'hindsight-search-dev-index',
    hooks: {
      'astro:config:done': ({ config }) => {
        indexDir = path.join(fileURLToPath(config.outDir), 'pagefind');
        prefix = `${config.base.replace(/\/?$/, '/')}pagefind/`;
      },
      'astro:server:setup': ({ server }) => {
        server.middlewares.use((req, res, next) => {
          const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
          if (!pathname.startsWith(prefix)) return next();
          const file = path.resolve(indexDir, pathname.slice(prefix.length));
          if (!file.startsWith(indexDir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
            res.statusCode = 404;
            res.end(`No search index at ${path.relative(process.cwd(), file)}: run \`npm run build\` first.`);
            return;
          }
          res.setHeader(
            'content-type',
            file.endsWith('.js')
              ? 'text/javascript; charset=utf-8'
              : file.endsWith('.json')
                ? 'application/json'
                : 'application/octet-stream',
          );
          res.setHeader('cache-control', 'no-cache');
          fs.createReadStream(file).pipe(res);
        });
      },
    },
  };
}
