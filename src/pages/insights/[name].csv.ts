import type { APIContext } from 'astro';
import { getCollection } from 'astro:content';
import { actionStats, countsBy, durationsOverTime, incidentsOverTime, toCsv } from '../../lib/insights.ts';
import { ledgerItems } from '../../lib/ledger.ts';
import { settings } from '../../config/settings.ts';

/** The numbers behind each chart of /insights/, as CSV. */
export function getStaticPaths() {
  return ['incidents-per-month', 'durations-per-quarter', 'by-service', 'by-root-cause', 'open-action-items-by-age'].map((name) => ({ params: { name } }));
}

export async function GET({ params }: APIContext) {
  const [postmortems, severities] = await Promise.all([getCollection('postmortems'), getCollection('severities')]);
  const today = settings().now;
  const sev = severities.map((s) => s.id);
  const csv: Record<string, () => string> = {
    // The file names stay; the first column says the period (month, quarter or year: insights.ts periodFor).
    'incidents-per-month': () => {
      const { period, rows } = incidentsOverTime(postmortems, sev);
      return toCsv([period, ...sev, 'total'], rows.map((m) => [m.period, ...sev.map((s) => m.counts[s] ?? 0), m.total]));
    },
    'durations-per-quarter': () => {
      const { period, rows } = durationsOverTime(postmortems);
      return toCsv([period, 'incidents resolved', 'resolve median min', 'resolve p90 min', 'incidents detected', 'detect median min', 'detect p90 min'], rows.map((q) => [q.quarter, q.resolve.count, q.resolve.median, q.resolve.p90, q.detect.count, q.detect.median, q.detect.p90]));
    },
    'by-service': () => toCsv(['service', 'all time', 'last 12 months'], countsBy(postmortems, 'services', today).map((r) => [r.id, r.allTime, r.lastYear])),
    'by-root-cause': () => toCsv(['root cause', 'all time', 'last 12 months'], countsBy(postmortems, 'rootCauses', today).map((r) => [r.id, r.allTime, r.lastYear])),
    'open-action-items-by-age': () => toCsv(['age', 'open items'], actionStats(ledgerItems(postmortems, today), today).openByAge.map((b) => [b.label, b.count])),
  };
  return new Response(csv[params.name!]!(), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
}
