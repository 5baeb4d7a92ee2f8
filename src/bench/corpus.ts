import { DateTime } from 'luxon';
import { stringify } from 'yaml';

/**
 * A synthetic but realistic archive for the benchmark: varied services, root causes,
 * severities, zones, timelines, action items and related links, with bodies of a few KB that
 * use GFM tables, lists and code. Deterministic for a given size and seed.
 */

export interface CorpusFile {
  /** Path relative to the content folder. */
  path: string;
  text: string;
}

const SERVICES = [
  'api-gateway',
  'auth',
  'billing',
  'checkout',
  'search',
  'catalog',
  'inventory',
  'notifications',
  'payments',
  'web-storefront',
  'mobile-api',
  'data-pipeline',
  'recommendations',
  'shipping',
  'reviews',
  'cdn',
  'identity',
  'ledger',
  'fraud',
  'internal-tools',
];
const ROOT_CAUSES = [
  'config-change',
  'deploy',
  'capacity',
  'third-party-dependency',
  'memory-leak',
  'certificate-expiry',
  'dns',
  'database',
  'network',
  'hardware',
  'human-process',
  'security',
];
const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'];
const ZONES = [
  'UTC',
  'Africa/Nairobi',
  'Europe/Berlin',
  'America/New_York',
  'America/Los_Angeles',
  'Asia/Tokyo',
  'Asia/Kolkata',
  'Australia/Sydney',
];
const TEAMS = ['platform', 'payments-team', 'search-team', 'sre', 'web-team', 'data-team', 'identity-team'];
const WORDS =
  'request latency queue worker shard replica cache leader election timeout retry budget pool connection saturation backlog rollout canary flag config certificate resolver packet route memory heap pressure eviction index vacuum lock contention throughput alert dashboard runbook pager escalation customer checkout payment session token upstream downstream partition quorum failover region zone node kernel disk inode rate limit circuit breaker backoff jitter'.split(
    ' ',
  );
const KINDS = ['trigger', 'detected', 'escalated', 'action', 'note', 'mitigated', 'resolved'] as const;

/** mulberry32: a tiny seeded PRNG, so every run generates the same corpus. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seeded random choices and filler text; every call advances the one generator, in order. */
function chooser(seed: number) {
  const random = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const sentence = (n = int(8, 18)) => {
    const words = Array.from({ length: n }, () => pick(WORDS));
    return `${words.join(' ').replace(/^./, (c) => c.toUpperCase())}.`;
  };
  const paragraph = (n = int(2, 4)) => Array.from({ length: n }, () => sentence()).join(' ');
  return { random, pick, int, sentence, paragraph };
}
type Chooser = ReturnType<typeof chooser>;

const titleCase = (id: string) => id.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());

/** services.yaml, root-causes.yaml and severities.yaml. */
function registryFiles(c: Chooser): CorpusFile[] {
  return [
    { path: 'services.yaml', text: stringify(SERVICES.map((id) => ({ id, name: titleCase(id), team: c.pick(TEAMS), tier: c.int(1, 3) }))) },
    { path: 'root-causes.yaml', text: stringify(ROOT_CAUSES.map((id) => ({ id, name: titleCase(id) }))) },
    { path: 'severities.yaml', text: stringify(SEVERITIES.map((id, i) => ({ id, name: ['Critical', 'Major', 'Minor', 'Low'][i] }))) },
  ];
}

const START = DateTime.fromISO('2016-01-01T00:00:00Z').toMillis();
const SPAN = DateTime.fromISO('2026-10-31T00:00:00Z').toMillis() - START;

/** Incident `i` of `count`: when, how bad, what and why, its slug and the minutes to detect, mitigate and resolve. */
function incidentFacts(c: Chooser, i: number, count: number) {
  const zone = c.pick(ZONES);
  // Evenly spread, slightly jittered start times: sorted, so `related` can point backwards.
  const startedAt = DateTime.fromMillis(START + Math.floor(((i + c.random()) / count) * SPAN), { zone }).startOf('minute');
  const severity = SEVERITIES[Math.min(3, Math.floor(c.random() * c.random() * 5))]!;
  const services = [...new Set(Array.from({ length: c.int(1, 3) }, () => c.pick(SERVICES.slice(0, 19))))];
  const rootCauses = [...new Set(Array.from({ length: c.int(1, 2) }, () => c.pick(ROOT_CAUSES.slice(0, 11))))];
  const what = c.pick(['outage', 'degradation', 'elevated errors', 'latency spike', 'partial outage', 'data delay']);
  const title = `${services[0]!.replace(/-/g, ' ')} ${what} after ${c.pick(WORDS)} ${c.pick(WORDS)} ${i}`;
  const slug = `${startedAt.toISODate()}-${title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/-+$/, '')}`;
  const toDetect = c.int(1, 30);
  const toMitigate = toDetect + c.int(5, 180);
  const toResolve = toMitigate + c.int(5, 600);
  const at = (minutes: number) => startedAt.plus({ minutes }).toISO({ suppressMilliseconds: true, suppressSeconds: true })!;
  const statusRoll = c.random();
  const status = statusRoll < 0.03 ? 'draft' : statusRoll < 0.05 ? 'in-review' : 'published';
  return { zone, startedAt, severity, services, rootCauses, title, slug, toDetect, toMitigate, toResolve, at, status };
}
type Facts = ReturnType<typeof incidentFacts>;

/** Four to ten timeline entries from trigger to resolution. */
function timelineOf(c: Chooser, f: Facts) {
  const steps = c.int(4, 10);
  return Array.from({ length: steps }, (_, k) => {
    const minute = Math.round((f.toResolve * k) / (steps - 1));
    const kind = k === 0 ? 'trigger' : k === steps - 1 ? 'resolved' : c.pick(KINDS.slice(1, 5));
    const when = f.startedAt.plus({ minutes: minute });
    // A clock time only where it is unambiguous: the start day, and the start's UTC offset.
    const clock = k % 2 === 0 && when.hasSame(f.startedAt, 'day') && when.offset === f.startedAt.offset;
    return { at: clock ? when.toFormat('HH:mm') : f.at(minute), event: c.sentence(c.int(6, 14)), kind };
  });
}

/** One to five action items. */
function actionItemsOf(c: Chooser, f: Facts, i: number) {
  return Array.from({ length: c.int(1, 5) }, (_, k) => ({
    title: c.sentence(c.int(4, 9)).replace(/\.$/, ''),
    owner: c.pick(TEAMS),
    status: c.pick(['open', 'in-progress', 'done', 'done', 'wont-do']),
    type: k === 0 ? 'prevent' : c.pick(['prevent', 'mitigate', 'detect', 'process']),
    due: f.startedAt.plus({ days: c.int(7, 120) }).toISODate(),
    ...(c.random() < 0.5 ? { link: `https://tracker.example.com/INC-${i}-${k}` } : {}),
  }));
}

/** The body: every section the format asks for, with a table, code, lists and a task list. */
function bodyOf(c: Chooser, f: Facts): string {
  const { paragraph, sentence, pick, int } = c;
  return [
    `## Summary\n\n${paragraph()}`,
    `## Impact\n\n${paragraph()}\n\n| Metric | Value |\n| --- | --- |\n| Error rate | ${int(1, 90)}% |\n| Requests failed | ${int(1000, 900000)} |\n| Duration | ${f.toResolve} min |`,
    `## Root cause\n\n${paragraph()}\n\n\`\`\`yaml\n${pick(WORDS)}:\n  ${pick(WORDS)}: ${int(1, 500)}\n  ${pick(WORDS)}: true\n\`\`\``,
    `## Resolution and recovery\n\n${paragraph()}\n\n1. ${sentence()}\n2. ${sentence()}\n3. ${sentence()}`,
    `## Lessons learned\n\n- ${sentence()}\n- ${sentence()}\n- [ ] ${sentence()}\n\n${paragraph()}`,
  ].join('\n\n');
}

/** Postmortem `i` of `count`; `slugs` are the earlier ones, which `related` may name. */
function postmortemFile(c: Chooser, i: number, count: number, slugs: readonly string[]): CorpusFile & { slug: string } {
  const f = incidentFacts(c, i, count);
  const timeline = timelineOf(c, f);
  const actionItems = actionItemsOf(c, f, i);
  const related = slugs.length && c.random() < 0.3 ? [slugs[c.int(Math.max(0, slugs.length - 50), slugs.length - 1)]!] : undefined;
  const frontmatter = {
    title: f.title,
    summary: c.paragraph(2).slice(0, 480),
    status: f.status,
    // A third public, so the public edition has something to build.
    ...(i % 3 === 0 ? { visibility: 'public' } : {}),
    severity: f.severity,
    started: f.at(0),
    detected: f.at(f.toDetect),
    mitigated: f.at(f.toMitigate),
    ...(f.status === 'published' ? { resolved: f.at(f.toResolve) } : {}),
    timezone: f.zone,
    services: f.services,
    rootCauses: f.rootCauses,
    impact: { description: c.sentence(), usersAffected: c.int(0, 100), customerFacing: c.random() < 0.7 },
    trigger: c.sentence(8),
    detection: c.pick(['monitoring', 'alert', 'customer', 'employee', 'third-party']),
    authors: [c.pick(['Amina Otieno', 'Lukas Weber', 'Priya Nair', 'Kenji Sato', 'Maria Garcia', 'Sam Taylor'])],
    tags: [c.pick(WORDS), c.pick(['black-friday', 'on-call', 'migration', 'q4', 'customer-impact'])].filter(
      (t, k, all) => all.indexOf(t) === k,
    ),
    timeline,
    actionItems,
    ...(related ? { related } : {}),
  };
  const body = bodyOf(c, f);
  const text = `---\n${stringify(frontmatter, { lineWidth: 0 })}---\n\n${body}\n`;
  return { path: `postmortems/${f.startedAt.year}/${f.slug}.mdx`, text, slug: f.slug };
}

/** A synthetic archive of `count` postmortems and its registries, the same for the same seed. */
export function generateCorpus(count: number, seed = 1): CorpusFile[] {
  const c = chooser(seed);
  const files = registryFiles(c);
  const slugs: string[] = [];
  for (let i = 0; i < count; i++) {
    const { slug, ...file } = postmortemFile(c, i, count, slugs);
    files.push(file);
    slugs.push(slug);
  }
  return files;
}
