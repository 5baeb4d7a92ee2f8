import fs from 'node:fs';
import path from 'node:path';

/**
 * Checks on a built site, run before it replaces dist/: every visible postmortem has its page
 * and its search-index entry, and no other incident page exists (nothing lost, nothing leaked).
 */

export function incidentPageSlugs(outDir: string): string[] {
  const dir = path.join(outDir, 'postmortems');
  if (!fs.existsSync(dir)) return [];
  return (
    fs
      .readdirSync(dir, { withFileTypes: true })
      // Slugs start with their date; /postmortems/2/ and the like are the archive's pages.
      .filter((d) => d.isDirectory() && /^\d{4}-\d{2}-\d{2}-/.test(d.name) && fs.existsSync(path.join(dir, d.name, 'index.html')))
      .map((d) => d.name)
  );
}

/** Pages in the Pagefind index, summed over languages. */
export function searchIndexCount(outDir: string): number | undefined {
  const entry = path.join(outDir, 'pagefind', 'pagefind-entry.json');
  if (!fs.existsSync(entry)) return undefined;
  const json = JSON.parse(fs.readFileSync(entry, 'utf8')) as { languages?: Record<string, { page_count?: number }> };
  return Object.values(json.languages ?? {}).reduce((sum, l) => sum + (l.page_count ?? 0), 0);
}

export function checkBuild(outDir: string, expectedSlugs: readonly string[]): string[] {
  const problems: string[] = [];
  const pages = new Set(incidentPageSlugs(outDir));
  const expected = new Set(expectedSlugs);
  for (const slug of expected) if (!pages.has(slug)) problems.push(`no page for postmortem ${slug}`);
  for (const slug of pages) if (!expected.has(slug)) problems.push(`a page exists for ${slug}, which is not a visible postmortem`);
  const indexed = searchIndexCount(outDir);
  if (indexed !== undefined && indexed !== expected.size) {
    problems.push(`the search index has ${indexed} entries for ${expected.size} postmortems`);
  }
  return problems;
}
