import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The benchmark's yardstick: Hugo (Debian's package) and Pagefind over the same generated
 * archive. A minimal site of our own renders each incident page from the same Markdown (title,
 * summary, facts, timeline, action items, body, newer/older links), a paginated archive and an
 * index page per service, root cause, tag and severity; Pagefind then indexes the incident pages
 * exactly as `npm run build` does.
 */

/** The `hugo` command, installing Debian's package when it is missing and apt-get can (as root). */
export function findHugo(install: boolean, env: NodeJS.ProcessEnv): string | undefined {
  const which = () => spawnSync('sh', ['-c', 'command -v hugo'], { encoding: 'utf8' }).stdout.trim() || undefined;
  const found = which();
  if (found || !install || process.getuid?.() !== 0) return found;
  spawnSync('apt-get', ['install', '-y', '-qq', 'hugo'], { stdio: 'ignore', env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } });
  return which();
}

const TEMPLATES: Record<string, string> = {
  'hugo.toml': `baseURL = "https://example.org/"
title = "Hindsight"
disableKinds = ["RSS", "sitemap", "robotsTXT"]
paginate = 50
[frontmatter]
date = [":filename", ":default"]
[permalinks]
postmortems = "/postmortems/:filename/"
[taxonomies]
tag = "tags"
service = "services"
rootcause = "rootcauses"
severity = "severity"
[markup.goldmark.renderer]
unsafe = true
`,
  'layouts/_default/baseof.html': `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title></head>
<body><header><a href="/">{{ site.Title }}</a> <a href="/postmortems/">All incidents</a></header><main>{{ block "main" . }}{{ end }}</main></body></html>
`,
  'layouts/_default/single.html': `{{ define "main" }}<article data-pagefind-body>
<div hidden data-pagefind-ignore>{{ range .Params.services }}<span data-pagefind-filter="service">{{ . }}</span>{{ end }}<span data-pagefind-filter="severity">{{ .Params.severity }}</span><span data-pagefind-sort="date">{{ .Date.Format "2006-01-02" }}</span></div>
<p data-pagefind-ignore>{{ .Params.severity }} · <time>{{ .Params.started }} {{ .Params.timezone }}</time></p>
<h1>{{ .Title }}</h1><p>{{ .Params.summary }}</p>
<dl data-pagefind-ignore><dt>Services</dt><dd>{{ range .Params.services }}<a href="/services/{{ . | urlize }}/">{{ . }}</a> {{ end }}</dd>
<dt>Root causes</dt><dd>{{ range .Params.rootcauses }}<a href="/rootcauses/{{ . | urlize }}/">{{ . }}</a> {{ end }}</dd>
<dt>Impact</dt><dd>{{ .Params.impact.description }}</dd></dl>
{{ with .Params.timeline }}<h2>Timeline</h2><ol>{{ range . }}<li><b>{{ .at }}</b> {{ .event }}</li>{{ end }}</ol>{{ end }}
{{ with .Params.actionitems }}<h2>Action items</h2><table>{{ range . }}<tr><td>{{ .title }}</td><td>{{ .owner }}</td><td>{{ .status }}</td><td>{{ .due }}</td></tr>{{ end }}</table>{{ end }}
<div class="body">{{ .Content }}</div></article>
<nav>{{ with .NextInSection }}<a rel="prev" href="{{ .RelPermalink }}">Newer: {{ .Title }}</a>{{ end }} {{ with .PrevInSection }}<a rel="next" href="{{ .RelPermalink }}">Older: {{ .Title }}</a>{{ end }}</nav>
{{ end }}
`,
  'layouts/_default/list.html': `{{ define "main" }}<h1>{{ .Title }}</h1>{{ $p := .Paginate .Pages }}
<ul>{{ range $p.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }} {{ .Params.severity }}</li>{{ end }}</ul>
<nav>{{ if $p.HasPrev }}<a href="{{ $p.Prev.URL }}">Newer</a>{{ end }} {{ if $p.HasNext }}<a href="{{ $p.Next.URL }}">Older</a>{{ end }}</nav>{{ end }}
`,
  'layouts/index.html': `{{ define "main" }}<h1>Postmortems</h1><ul>{{ range first 20 (where site.RegularPages "Section" "postmortems") }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
`,
};

/** Writes the Hugo site for a generated content folder; returns its folder. */
export function writeHugoSite(work: string, contentDir: string): string {
  const site = path.join(work, 'hugo');
  for (const [file, text] of Object.entries(TEMPLATES)) {
    fs.mkdirSync(path.dirname(path.join(site, file)), { recursive: true });
    fs.writeFileSync(path.join(site, file), text);
  }
  const target = path.join(site, 'content', 'postmortems');
  fs.mkdirSync(target, { recursive: true });
  for (const entry of fs.readdirSync(path.join(contentDir, 'postmortems'), { recursive: true, withFileTypes: true }) as fs.Dirent[]) {
    if (!entry.isFile() || !/\.mdx?$/.test(entry.name)) continue;
    const text = fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
    // Published postmortems only, as `npm run build`; the slug is the file name, as in Hindsight.
    if (/^status: published$/m.test(text)) fs.writeFileSync(path.join(target, entry.name.replace(/\.mdx$/, '.md')), text);
  }
  return site;
}
