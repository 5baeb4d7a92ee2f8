import { byNewest } from './archive.ts';
import { buildIndexes, groupFigures, type GroupFigures, type IndexKind } from './indexes.ts';
import { ledgerItems, type LedgerItem } from './ledger.ts';
import { relatedBothWays, similarIncidents } from './related.ts';
import type { Postmortem, Registries } from '../format/schema.ts';
import { pageKeyer, type PageKeyer } from './cache-keys.ts';
import { searchShards } from './search-shards.ts';
import { facetOptions, searchRecord, shownFacets, type Facet, type FacetList, type SearchRecord } from './search-record.ts';
import { incidentCard, type CardNames, type IncidentCard, type Named } from './cards.ts';
import { homeModel, type HomeModel } from './home.ts';
import { insightsModel, type InsightsModel } from './insights-model.ts';
import { sliceInsights, type SliceInsights } from './slice-insights.ts';
import { urls, type Urls } from './urls.ts';

/**
 * The site model: everything the pages show, computed once per build from the validated
 * entries, the registries and the settings. Astro routes only map it to paths and render it;
 * no page or component computes domain data or fetches a collection.
 */

/** What the model needs of a postmortem: Astro's collection entries satisfy it. */
export interface SiteEntry {
  id: string;
  data: Postmortem;
  filePath?: string;
}

/** The settings the pages use. */
export interface SiteSettings {
  title: string;
  organisation: string;
  /** Absolute URL of the deployed site. */
  site: string;
  /** Path prefix, starting and ending with `/`. */
  base: string;
  /** Prefix of "edit this postmortem" links. */
  editUrl: string;
  /** Where their paths start, relative to the project root ('' for the root); none, no edit links (src/site/edit-link-fs.ts). */
  editTop?: string;
  /** The build date, YYYY-MM-DD: what is overdue, what "the last 12 months" are. */
  today: string;
  /** A logo's path under public/ (e.g. `logo.svg`), shown in the header instead of the title; none by default. */
  logo?: string;
  /** Postmortems per part of the search index (search-shards.ts); the default when absent. */
  searchPartPages?: number;
}

/** A link to another incident, with what a list of them shows. */
export interface IncidentLink {
  id: string;
  title: string;
  severity: string;
}

export type { IncidentCard, Named } from './cards.ts';

/** One incident page: its entry and what it shows of the rest of the archive. */
export interface IncidentPage<T extends SiteEntry> {
  entry: T;
  related: IncidentLink[];
  /** Incidents that share services or root causes, other than the related ones. */
  similar: IncidentLink[];
  newer?: IncidentLink;
  older?: IncidentLink;
  services: Named[];
  rootCauses: Named[];
  severityName: string;
  search: SearchRecord;
}

/** One index page: a service, root cause, tag, year or severity and its incidents, newest first. */
export interface Group<T extends SiteEntry> {
  kind: IndexKind;
  id: string;
  name: string;
  /** The page's title. */
  title: string;
  /** The page's main heading, when it says more than the title. */
  heading: string;
  description?: string;
  /** A line under the heading, e.g. the owning team. */
  detail?: string;
  entries: T[];
  /** The cards of the latest `GROUP_SHOWN` entries: long groups link to search for the rest. */
  latest: IncidentCard[];
  figures: GroupFigures;
  /** The search page's filter for this group, e.g. `service=api-server`. */
  filter: string;
  /** What the group is, for sentences: "this service". */
  noun: string;
  href: string;
  feed?: string;
  /** Only for services and root causes. */
  insights?: SliceInsights;
}

export interface SiteModel<T extends SiteEntry> {
  settings: SiteSettings;
  urls: Urls;
  registries: Registries;
  /** Every entry, newest first. */
  archive: T[];
  /** The card of every entry, in archive order. */
  cards: IncidentCard[];
  home: HomeModel;
  incidents: IncidentPage<T>[];
  /** Each family of index pages, in the order its list page shows them. */
  groups: Record<IndexKind, Group<T>[]>;
  /** Every action item, newest incident first. */
  ledger: LedgerItem[];
  insights: InsightsModel;
  /** The search page's facets, its count, and the folders of the older parts of the index (search-shards.ts). */
  search: { facets: Record<Facet, FacetList>; total: number; shards: string[] };
  /** A page's incremental-build cache key from its props (see cache-keys.ts). */
  pageKey: PageKeyer;
}

const nameMap = (list: readonly Named[]) => new Map(list.map((item) => [item.id, item.name]));

/** Index pages list this many of their incidents, newest first. */
export const GROUP_SHOWN = 50;

function incidentPages<T extends SiteEntry>(archive: T[], registries: Registries, records: Map<string, SearchRecord>): IncidentPage<T>[] {
  const related = relatedBothWays(archive);
  const similar = similarIncidents(archive);
  const byId = new Map(archive.map((p) => [p.id, p]));
  const link = (p: T | undefined): IncidentLink | undefined =>
    p ? { id: p.id, title: p.data.title, severity: p.data.severity } : undefined;
  const links = (ids: readonly string[]) => ids.map((id) => link(byId.get(id))).filter((l) => l !== undefined);
  const names = {
    services: nameMap(registries.services),
    rootCauses: nameMap(registries.rootCauses),
    severities: nameMap(registries.severities),
  };
  const named = (ids: readonly string[], map: Map<string, string>) => ids.map((id) => ({ id, name: map.get(id) ?? id }));
  return archive.map((entry, i) => {
    const explicit = related.get(entry.id) ?? [];
    return {
      entry,
      related: links(explicit),
      similar: links((similar.get(entry.id) ?? []).filter((id) => !explicit.includes(id))),
      newer: link(archive[i - 1]),
      older: link(archive[i + 1]),
      services: named(entry.data.services, names.services),
      rootCauses: named(entry.data.rootCauses, names.rootCauses),
      severityName: names.severities.get(entry.data.severity) ?? entry.data.severity,
      search: records.get(entry.id)!,
    };
  });
}

type GroupFields<T extends SiteEntry> = Omit<Group<T>, 'kind' | 'id' | 'entries' | 'latest' | 'figures'>;

/** Makes the groups of one archive: each with its members, latest cards and figures, and its slice of the insights. */
function groupMaker<T extends SiteEntry>(archive: T[], cards: Map<string, IncidentCard>, registries: Registries, settings: SiteSettings) {
  const index = buildIndexes(archive);
  const members = (kind: IndexKind, id: string) => index[kind].get(id) ?? [];
  return {
    index,
    group(kind: IndexKind, id: string, fields: GroupFields<T>): Group<T> {
      const entries = members(kind, id);
      const latest = entries.slice(0, GROUP_SHOWN).map((e) => cards.get(e.id)!);
      return { kind, id, entries, latest, figures: groupFigures(entries), ...fields };
    },
    slice(kind: IndexKind, id: string, across: 'services' | 'rootCauses', label: string) {
      const today = settings.today;
      return sliceInsights(members(kind, id), { across, label, severities: registries.severities, registry: registries[across], today });
    },
  };
}

const filter = (facet: string, id: string) => `${facet}=${encodeURIComponent(id)}`;

/** The groups of the registries: services, root causes and severities, in the registries' order. */
function registryGroups<T extends SiteEntry>(make: ReturnType<typeof groupMaker<T>>, registries: Registries, u: Urls) {
  return {
    services: registries.services.map((s) =>
      make.group('services', s.id, {
        name: s.name,
        title: s.name,
        heading: s.name,
        description: s.description,
        detail: s.team ? `Team: ${s.team}${s.tier !== undefined ? ` · tier ${s.tier}` : ''}` : undefined,
        filter: filter('service', s.id),
        noun: 'this service',
        href: u.service(s.id),
        feed: u.serviceFeed(s.id),
        insights: make.slice('services', s.id, 'rootCauses', 'this service'),
      }),
    ),
    rootCauses: registries.rootCauses.map((r) =>
      make.group('rootCauses', r.id, {
        name: r.name,
        title: r.name,
        heading: `Root cause: ${r.name}`,
        description: r.description,
        filter: filter('rootCause', r.id),
        noun: 'this root cause',
        href: u.rootCause(r.id),
        insights: make.slice('rootCauses', r.id, 'services', 'this root cause'),
      }),
    ),
    severities: registries.severities.map((s) =>
      make.group('severities', s.id, {
        name: s.name,
        title: `${s.id}: ${s.name}`,
        heading: `${s.id}: ${s.name}`,
        description: s.description,
        filter: filter('severity', s.id),
        noun: s.id,
        href: u.severity(s.id),
      }),
    ),
  };
}

/** The groups the archive itself makes: tags (most used first) and years (newest first). */
function archiveGroups<T extends SiteEntry>(make: ReturnType<typeof groupMaker<T>>, u: Urls) {
  const tags = [...make.index.tags].sort(([a, x], [b, y]) => y.length - x.length || (a < b ? -1 : 1)).map(([tag]) => tag);
  const years = [...make.index.years.keys()].sort().reverse();
  return {
    tags: tags.map((tag) =>
      make.group('tags', tag, {
        name: tag,
        title: `Tag: ${tag}`,
        heading: `Tag: ${tag}`,
        filter: filter('tag', tag),
        noun: 'this tag',
        href: u.tag(tag),
      }),
    ),
    years: years.map((year) =>
      make.group('years', year, {
        name: year,
        title: `Incidents in ${year}`,
        heading: `Incidents in ${year}`,
        filter: `year=${year}`,
        noun: year,
        href: u.year(year),
      }),
    ),
  };
}

/** Every family of index pages, in the order the site lists the families. */
function groups<T extends SiteEntry>(
  archive: T[],
  cards: Map<string, IncidentCard>,
  registries: Registries,
  settings: SiteSettings,
  u: Urls,
): Record<IndexKind, Group<T>[]> {
  const make = groupMaker(archive, cards, registries, settings);
  const fromRegistries = registryGroups(make, registries, u);
  const fromArchive = archiveGroups(make, u);
  return {
    services: fromRegistries.services,
    rootCauses: fromRegistries.rootCauses,
    tags: fromArchive.tags,
    years: fromArchive.years,
    severities: fromRegistries.severities,
  };
}

/** Computes the whole site model; called once per build (see src/astro/site.ts). */
export function buildSiteModel<T extends SiteEntry>(entries: readonly T[], registries: Registries, settings: SiteSettings): SiteModel<T> {
  const archive = byNewest(entries);
  const u = urls(settings.base);
  const records = new Map(archive.map((p) => [p.id, searchRecord(p.id, p.data, registries)]));
  const ledger = ledgerItems(archive, settings.today);
  const names: CardNames = { services: nameMap(registries.services), severities: nameMap(registries.severities) };
  const cards = archive.map((p) => incidentCard(p, names, u.incident(p.id)));
  return {
    settings,
    urls: u,
    registries,
    archive,
    cards,
    home: homeModel(archive, cards, ledger, { services: names.services, rootCauses: nameMap(registries.rootCauses) }, settings.today),
    incidents: incidentPages(archive, registries, records),
    groups: groups(archive, new Map(cards.map((c) => [c.id, c])), registries, settings, u),
    ledger,
    insights: insightsModel(archive, registries, ledger, settings.today),
    search: {
      facets: shownFacets(facetOptions([...records.values()], registries)),
      total: archive.length,
      shards: searchShards(
        archive.map((p) => ({ slug: p.id, started: p.data.started })),
        settings.searchPartPages,
      )
        .slice(1)
        .map((shard) => shard.dir),
    },
    pageKey: pageKeyer(archive, settings),
  };
}
