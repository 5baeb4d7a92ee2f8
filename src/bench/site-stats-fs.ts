import fs from 'node:fs';
import path from 'node:path';

/**
 * What a built site weighs, page by page: the average incident page (its HTML plus the
 * stylesheets it links, as a first visit downloads them), and the page that links to the most
 * incidents (only the paginated archive should come near the total).
 */

export interface SitePageStats {
  incidentPages: number;
  averageIncidentPageBytes: number;
  maxIncidentLinks: number;
  maxIncidentLinksPage: string;
}

const STYLESHEET_RE = /<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g;
const INCIDENT_LINK_RE = /href="[^"]*\/postmortems\/(\d{4}-\d{2}-\d{2}-[a-z0-9-]+)\/"/g;

export function sitePageStats(outDir: string): SitePageStats {
  const cssSizes = new Map<string, number>();
  const cssBytes = (href: string): number => {
    if (!cssSizes.has(href)) {
      const file = path.join(outDir, href.replace(/^\/+/, '').replace(/^.*?_astro\//, '_astro/'));
      cssSizes.set(href, fs.existsSync(file) ? fs.statSync(file).size : 0);
    }
    return cssSizes.get(href)!;
  };
  let incidentPages = 0;
  let incidentBytes = 0;
  let maxIncidentLinks = 0;
  let maxIncidentLinksPage = '';
  for (const entry of fs.readdirSync(outDir, { recursive: true, withFileTypes: true }) as fs.Dirent[]) {
    if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
    const file = path.join(entry.parentPath, entry.name);
    const rel = path.relative(outDir, file).split(path.sep).join('/');
    const html = fs.readFileSync(file, 'utf8');
    if (/^postmortems\/\d{4}-\d{2}-\d{2}-[^/]+\/index\.html$/.test(rel)) {
      incidentPages++;
      incidentBytes += Buffer.byteLength(html);
      for (const match of html.matchAll(STYLESHEET_RE)) incidentBytes += cssBytes(match[1]!);
    }
    const links = new Set([...html.matchAll(INCIDENT_LINK_RE)].map((m) => m[1])).size;
    if (links > maxIncidentLinks) {
      maxIncidentLinks = links;
      maxIncidentLinksPage = rel;
    }
  }
  return {
    incidentPages,
    averageIncidentPageBytes: incidentPages ? incidentBytes / incidentPages : 0,
    maxIncidentLinks,
    maxIncidentLinksPage,
  };
}
