import {
  actionStats,
  countsBy,
  durationsOverTime,
  incidentsPerPeriod,
  PERIOD_WORDS,
  recurrence,
  recurrenceNote,
  severitySeries,
  yearBefore,
  type ActionStats,
  type IdCount,
  type PeriodRow,
  type QuarterRow,
} from './insights.ts';
import { ledgerItems } from './ledger.ts';
import type { Postmortem } from '../format/schema.ts';

/**
 * The insights of one slice of the archive (one service's or one root cause's incidents), as
 * the service and root-cause pages show them: the recurrence note, incidents per quarter by
 * severity, time to resolve and detect per quarter, the other dimension's counts, and
 * follow-through on action items.
 */

export interface SliceInsights {
  /** What the slice is, for sentences: "this service". */
  label: string;
  /** The dimension counted across: root causes for a service, services for a root cause. */
  across: 'services' | 'rootCauses';
  count: number;
  note: string;
  series: { key: string; label: string; color: string }[];
  /** How the period is named: quarters, or years when the slice spans more than 12 of them. */
  per: { one: string; title: string };
  /** Quarters, not months: a slice has fewer incidents, and its page stays small over many years. */
  perQuarter: PeriodRow[];
  durations: QuarterRow[];
  /** The other dimension's counts, with display names. */
  others: (IdCount & { name: string })[];
  actions: ActionStats;
  since: string;
}

interface SliceOptions {
  across: 'services' | 'rootCauses';
  label: string;
  severities: readonly { id: string }[];
  /** The registry of the `across` dimension, for names. */
  registry: readonly { id: string; name: string }[];
  today: string;
}

/** The insights of the given entries (one group's, newest first). */
export function sliceInsights(entries: readonly { id: string; data: Postmortem }[], options: SliceOptions): SliceInsights {
  const { across, label, today } = options;
  const names = new Map(options.registry.map((r) => [r.id, r.name]));
  const series = severitySeries(options.severities.map((s) => s.id));
  const durations = durationsOverTime(entries);
  return {
    label,
    across,
    count: entries.length,
    note: recurrenceNote(recurrence(entries, today), label, across),
    series,
    per: PERIOD_WORDS[durations.period],
    perQuarter: incidentsPerPeriod(
      entries,
      series.map((s) => s.key),
      durations.period,
    ),
    durations: durations.rows,
    others: countsBy(entries, across, today).map((r) => ({ ...r, name: names.get(r.id) ?? r.id })),
    actions: actionStats(ledgerItems(entries, today), today),
    since: yearBefore(today),
  };
}
