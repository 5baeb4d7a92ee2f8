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

export function generateCorpus(count: number, seed = 1): CorpusFile[] {
  const random = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const sentence = (n = int(8, 18)) => {
    const words = Array.from({ length: n }, () => pick(WORDS));
    return `${words.join(' ').replace(/^./, (c) => c.toUpperCase())}.`;
  };
  const paragraph = (n = int(2, 4)) => Array.from({ length: n }, () => sentence()).join(' ');

  const files: CorpusFile[] = [
    {
      path: 'services.yaml',
      text: stringify(
        SERVICES.map((id) => ({
          id,
          name: id.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase()),
          team: pick(TEAMS),
          tier: int(1, 3),
        })),
      ),
    },
    {
      path: 'root-causes.yaml',
      text: stringify(ROOT_CAUSES.map((id) => ({ id, name: id.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase()) }))),
    },
    { path: 'severities.yaml', text: stringify(SEVERITIES.map((id, i) => ({ id, name: ['Critical', 'Major', 'Minor', 'Low'][i] }))) },
  ];

  const start = DateTime.fromISO('2016-01-01T00:00:00Z').toMillis();
  const span = DateTime.fromISO('2026-10-31T00:00:00Z').toMillis() - start;
  // Evenly spread, slightly jittered start times: sorted, so `related` can point backwards.
  const slugs: string[] = [];
  for (let i = 0; i < count; i++) {
    const zone = pick(ZONES);
    const startedAt = DateTime.fromMillis(start + Math.floor(((i + random()) / count) * span), { zone }).startOf('minute');
    const severity = SEVERITIES[Math.min(3, Math.floor(random() * random() * 5))]!;
    const services = [...new Set(Array.from({ length: int(1, 3) }, () => pick(SERVICES.slice(0, 19))))];
    const rootCauses = [...new Set(Array.from({ length: int(1, 2) }, () => pick(ROOT_CAUSES.slice(0, 11))))];
    const title = `${services[0]!.replace(/-/g, ' ')} ${pick(['outage', 'degradation', 'elevated errors', 'latency spike', 'partial outage', 'data delay'])} after ${pick(WORDS)} ${pick(WORDS)} ${i}`;
    const slug = `${startedAt.toISODate()}-${title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/-+$/, '')}`;
    const toDetect = int(1, 30);
    const toMitigate = toDetect + int(5, 180);
    const toResolve = toMitigate + int(5, 600);
    const at = (minutes: number) => startedAt.plus({ minutes }).toISO({ suppressMilliseconds: true, suppressSeconds: true })!;
    const statusRoll = random();
    const status = statusRoll < 0.03 ? 'draft' : statusRoll < 0.05 ? 'in-review' : 'published';
    const steps = int(4, 10);
    const timeline = Array.from({ length: steps }, (_, k) => {
      const minute = Math.round((toResolve * k) / (steps - 1));
      const kind = k === 0 ? 'trigger' : k === steps - 1 ? 'resolved' : pick(KINDS.slice(1, 5));
      const when = startedAt.plus({ minutes: minute });
      // A clock time only where it is unambiguous: the start day, and the start's UTC offset.
      const clock = k % 2 === 0 && when.hasSame(startedAt, 'day') && when.offset === startedAt.offset;
      return { at: clock ? when.toFormat('HH:mm') : at(minute), event: sentence(int(6, 14)), kind };
    });
    const actionItems = Array.from({ length: int(1, 5) }, (_, k) => ({
      title: sentence(int(4, 9)).replace(/\.$/, ''),
      owner: pick(TEAMS),
      status: pick(['open', 'in-progress', 'done', 'done', 'wont-do']),
      type: k === 0 ? 'prevent' : pick(['prevent', 'mitigate', 'detect', 'process']),
      due: startedAt.plus({ days: int(7, 120) }).toISODate(),
      ...(random() < 0.5 ? { link: `https://tracker.example.com/INC-${i}-${k}` } : {}),
    }));
    const related = slugs.length && random() < 0.3 ? [slugs[int(Math.max(0, slugs.length - 50), slugs.length - 1)]!] : undefined;
    const frontmatter = {
      title,
      summary: paragraph(2).slice(0, 480),
      status,
      // A third public, so the public edition has something to build.
      ...(i % 3 === 0 ? { visibility: 'public' } : {}),
      severity,
      started: at(0),
      detected: at(toDetect),
      mitigated: at(toMitigate),
      ...(status === 'published' ? { resolved: at(toResolve) } : {}),
      timezone: zone,
      services,
      rootCauses,
      impact: { description: sentence(), usersAffected: int(0, 100), customerFacing: random() < 0.7 },
      trigger: sentence(8),
      detection: pick(['monitoring', 'alert', 'customer', 'employee', 'third-party']),
      authors: [pick(['Amina Otieno', 'Lukas Weber', 'Priya Nair', 'Kenji Sato', 'Maria Garcia', 'Sam Taylor'])],
      tags: [pick(WORDS), pick(['black-friday', 'on-call', 'migration', 'q4', 'customer-impact'])].filter(
        (t, k, all) => all.indexOf(t) === k,
      ),
      timeline,
      actionItems,
      ...(related ? { related } : {}),
    };
    const body = [
      `## Summary\n\n${paragraph()}`,
      `## Impact\n\n${paragraph()}\n\n| Metric | Value |\n| --- | --- |\n| Error rate | ${int(1, 90)}% |\n| Requests failed | ${int(1000, 900000)} |\n| Duration | ${toResolve} min |`,
      `## Root cause\n\n${paragraph()}\n\n\`\`\`yaml\n${pick(WORDS)}:\n  ${pick(WORDS)}: ${int(1, 500)}\n  ${pick(WORDS)}: true\n\`\`\``,
      `## Resolution and recovery\n\n${paragraph()}\n\n1. ${sentence()}\n2. ${sentence()}\n3. ${sentence()}`,
      `## Lessons learned\n\n- ${sentence()}\n- ${sentence()}\n- [ ] ${sentence()}\n\n${paragraph()}`,
    ].join('\n\n');
    files.push({
      path: `postmortems/${startedAt.year}/${slug}.mdx`,
      text: `---\n${stringify(frontmatter, { lineWidth: 0 })}---\n\n${body}\n`,
    });
    slugs.push(slug);
  }
  return files;
}
