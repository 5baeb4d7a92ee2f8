import fs from 'node:fs';
import path from 'node:path';
import { listFiles } from './build.ts';

/** Every internal link and asset in a built site that does not resolve to a file: `page -> href`. */
export function brokenLinks(outDir: string, base = '/'): string[] {
  const broken: string[] = [];
  for (const file of listFiles(outDir).filter((f) => f.endsWith('.html'))) {
    const html = fs.readFileSync(path.join(outDir, file), 'utf8');
    for (const match of html.matchAll(/(?:href|src)="([^"#?]*)[^"]*"/g)) {
      const href = match[1]!;
      if (!href.startsWith('/') || href.startsWith('//')) continue;
      if (!href.startsWith(base)) {
        broken.push(`${file} -> ${href} (outside the base path ${base})`);
        continue;
      }
      const target = path.join(outDir, decodeURIComponent(href.slice(base.length)));
      const exists = href.endsWith('/') ? fs.existsSync(path.join(target, 'index.html')) : fs.existsSync(target);
      if (!exists) broken.push(`${file} -> ${href}`);
    }
  }
  return broken;
}
