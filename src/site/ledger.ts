import { byNewest } from './archive.ts';
import { kebab } from '../format/slug.ts';
import { ACTION_STATUSES, ACTION_TYPES, type ActionItem } from '../format/schema.ts';
import { isOverdue } from './time-display.ts';

/**
 * The action-item ledger: every follow-up promised by every postmortem in the build, with its
 * incident, in one list (newest incident first), counted by status and grouped by owner.
 */

interface Entry {
  id: string;
  data: { title: string; started: string; actionItems?: ActionItem[] };
}

export interface LedgerItem extends ActionItem {
  incident: string;
  incidentTitle: string;
  /** The incident's start, for ages. */
  started: string;
  overdue: boolean;
  /** URL segment of the owner's page; empty when the owner is not shown (the public edition leaves owners out). */
  ownerSlug: string;
}

/** Every action item of the entries, newest incident first; `today` (YYYY-MM-DD) decides what is overdue. */
export function ledgerItems(entries: readonly Entry[], today: string): LedgerItem[] {
  const items: LedgerItem[] = [];
  for (const entry of byNewest(entries)) {
    for (const item of entry.data.actionItems ?? []) {
      items.push({
        ...item,
        incident: entry.id,
        incidentTitle: entry.data.title,
        started: entry.data.started,
        overdue: isOverdue(item, today),
        ownerSlug: item.owner === undefined ? '' : kebab(item.owner, 80) || 'unknown',
      });
    }
  }
  return items;
}

/** Items per status, and how many are overdue. */
export type StatusCounts = Record<(typeof ACTION_STATUSES)[number] | 'overdue', number>;

export function statusCounts(items: readonly LedgerItem[]): StatusCounts {
  const counts = { open: 0, 'in-progress': 0, done: 0, 'wont-do': 0, overdue: 0 };
  for (const item of items) {
    counts[item.status]++;
    if (item.overdue) counts.overdue++;
  }
  return counts;
}

/** Items per owner, keyed by the owner's page slug, in ledger order. Owners whose names slugify alike share a page. */
export function byOwner(items: readonly LedgerItem[]): Map<string, { owner: string; items: LedgerItem[] }> {
  const owners = new Map<string, { owner: string; items: LedgerItem[] }>();
  // Items without an owner (public edition) have no owner page.
  for (const item of items) {
    if (!item.ownerSlug) continue;
    const group = owners.get(item.ownerSlug);
    if (group) group.items.push(item);
    else owners.set(item.ownerSlug, { owner: item.owner, items: [item] });
  }
  return owners;
}

export interface OwnerSummary {
  slug: string;
  owner: string;
  total: number;
  /** Open or in progress. */
  unfinished: number;
  overdue: number;
}

/** One line per owner for the ledger's index: most unfinished items first, then by name. */
export function ownerSummaries(items: readonly LedgerItem[]): OwnerSummary[] {
  const rows = [...byOwner(items)].map(([slug, group]) => {
    const counts = statusCounts(group.items);
    return {
      slug,
      owner: group.owner,
      total: group.items.length,
      unfinished: counts.open + counts['in-progress'],
      overdue: counts.overdue,
    };
  });
  return rows.sort((a, b) => b.unfinished - a.unfinished || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
}

/** The ledger's filter pages: /action-items/status/<status>/ and /action-items/type/<type>/. */
export const LEDGER_FILTERS = { status: ACTION_STATUSES, type: ACTION_TYPES } as const;
