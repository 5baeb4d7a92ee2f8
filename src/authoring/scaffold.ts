import { DateTime } from 'luxon';
import { SECTION_RULES } from '../site/body/body-checks.ts';
import { datetimeProblem, isValidZone } from '../format/datetime.ts';
import { FIELDS, or, type FieldInfo } from '../format/fields.ts';
import { frontmatterYaml } from './frontmatter-yaml.ts';
import type { Registries } from '../format/schema.ts';
import { makeSlug } from '../format/slug.ts';
import { closest } from '../format/suggest.ts';
import { zoneFromAbbreviation } from '../format/zone-abbreviations.ts';

/**
 * `npm run new`: a new postmortem from a few answers. Pure: the answers and the registries in,
 * the file name and text out (new.ts asks the questions and writes the file).
 *
 * The file is a draft that passes `npm run validate`; everything only the author can write is a
 * `TODO:` placeholder with a one-line hint, which the validator lists (todo-check.ts) until it
 * is written.
 */

export interface ScaffoldAnswers {
  title: string;
  severity: string;
  services: string[];
  rootCauses: string[];
  /** Start time: a datetime with offset, or local "YYYY-MM-DD HH:MM" in `timezone`. */
  started: string;
  /** IANA zone of the incident. */
  timezone: string;
  authors?: string[];
}

export interface ScaffoldResult {
  slug: string;
  /** The whole .mdx file. */
  text: string;
}

/** A problem with one answer, named by the flag that gives it. */
export interface AnswerProblem {
  flag: string;
  message: string;
  suggestion?: string;
}

/** What is wrong with a zone `new` could not read. */
const zoneProblem = (zone: string) =>
  `"${zone}" is not a time zone: use an IANA name such as Europe/Berlin or America/Los_Angeles, or an abbreviation such as CET, PST or PT`;

/**
 * How a zone written as an abbreviation was read, for the author to check: "PST read as
 * America/Los_Angeles (UTC-07:00 on 2025-07-01)", and, as `npm run import` says, when the
 * abbreviation's own offset is not the zone's that day, that the time was read as local time
 * there. Undefined when the zone was written as an IANA name.
 */
export function zoneNote(written: string, zone: string, startedIso: string): string | undefined {
  if (written === zone) return undefined;
  const at = DateTime.fromISO(startedIso, { setZone: true }).setZone(zone);
  const note = `--timezone ${written.trim()} read as ${zone} (UTC${at.toFormat('ZZ')} on ${at.toISODate()})`;
  const fixed = zoneFromAbbreviation(written)?.offset;
  if (fixed === undefined || fixed === at.offset) return note;
  const hours = `${fixed < 0 ? '-' : '+'}${Math.abs(fixed / 60)}`;
  return `${note}: ${written.trim().toUpperCase()} means UTC${hours}, but ${zone} was on UTC${at.toFormat('ZZ')} that day, so the time was read as local time there`;
}

const LOCAL_RE = /^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})$/;

/** The start time as a datetime with the zone's offset; a local "YYYY-MM-DD HH:MM" is read in `zone`. */
export function parseStarted(value: string, zone: string, now: Date = new Date()): { iso: string } | { error: string } {
  const v = value.trim();
  if (!isValidZone(zone)) return { error: zoneProblem(zone) };
  if (v === 'now') {
    return { iso: DateTime.fromJSDate(now).setZone(zone).startOf('minute').toISO({ suppressMilliseconds: true, suppressSeconds: false })! };
  }
  const local = LOCAL_RE.exec(v);
  if (local) {
    const at = DateTime.fromISO(`${local[1]}T${local[2]!.padStart(2, '0')}:${local[3]}`, { zone });
    if (!at.isValid) return { error: `"${value}" is not a real date and time` };
    // A wall-clock time skipped by a daylight-saving change does not exist there.
    if (at.toFormat('HH:mm') !== `${local[2]!.padStart(2, '0')}:${local[3]}`)
      return { error: `${value} does not exist in ${zone} (the clocks skipped it)` };
    return { iso: at.toISO({ suppressMilliseconds: true })! };
  }
  const problem = datetimeProblem(v);
  if (problem === undefined) return { iso: v };
  if (problem === 'impossible') return { error: `"${value}" is not a real date and time` };
  return { error: `"${value}" is not a start time: write 2024-06-06T09:00:00+03:00, or "2024-06-06 09:00" with --timezone` };
}

/** Checks the answers against the registries; every problem, with a "did you mean" where one is close. */
export function checkAnswers(answers: Partial<ScaffoldAnswers>, registries: Registries): AnswerProblem[] {
  const problems: AnswerProblem[] = [];
  if (answers.title !== undefined) {
    const title = answers.title.trim();
    if (!title) problems.push({ flag: '--title', message: 'the title is empty' });
    else if (title.length > 160) problems.push({ flag: '--title', message: `the title is ${title.length} characters; at most 160` });
  }
  const check = (flag: string, values: readonly string[] | undefined, known: readonly string[], file: string, kind: string) => {
    for (const value of values ?? []) {
      if (known.includes(value)) continue;
      problems.push({
        flag,
        message: `unknown ${kind} "${value}": ${known.length ? `use one of ${known.join(', ')}` : 'none are listed'} (from ${file}), or add it there`,
        suggestion: closest(value, known),
      });
    }
  };
  check(
    '--severity',
    answers.severity === undefined ? undefined : [answers.severity],
    registries.severities.map((s) => s.id),
    'severities.yaml',
    'severity',
  );
  check(
    '--service',
    answers.services,
    registries.services.map((s) => s.id),
    'services.yaml',
    'service',
  );
  check(
    '--root-cause',
    answers.rootCauses,
    registries.rootCauses.map((r) => r.id),
    'root-causes.yaml',
    'root cause',
  );
  if (answers.services && answers.services.length === 0) problems.push({ flag: '--service', message: 'name at least one service' });
  if (answers.rootCauses && answers.rootCauses.length === 0)
    problems.push({ flag: '--root-cause', message: 'name at least one root cause' });
  if (answers.timezone !== undefined && !isValidZone(answers.timezone)) {
    problems.push({
      flag: '--timezone',
      message: zoneProblem(answers.timezone),
    });
  }
  return problems;
}

const hint = (name: string) => `TODO: ${SECTION_RULES.find((r) => r.name === name)?.purpose ?? ''}.`;

/** A field's note in a new postmortem: what it means, and its choices when it has a few. */
const note = (info: FieldInfo) => {
  const help = `${info.help.charAt(0).toLowerCase()}${info.help.slice(1).replace(/\.$/, '')}`;
  return info.values ? `${help}: ${or(info.values)}` : help;
};

/** Optional fields, shown commented out so authors find them without reading the format. */
const OPTIONAL_FIELDS = [
  '# Uncomment and fill in as you learn more (times with their UTC offset, like started):',
  ...Object.entries(FIELDS as Record<string, FieldInfo>).flatMap(([path, info]) =>
    info.placeholder && !info.rule.startsWith('required') ? [`${`# ${path}: ${info.placeholder}`.padEnd(17)}   # ${note(info)}`] : [],
  ),
  '',
].join('\n');

/** The new postmortem: a draft with every section and a hint of what belongs in each. */
export function scaffoldPostmortem(answers: ScaffoldAnswers): ScaffoldResult {
  const started = DateTime.fromISO(answers.started, { setZone: true }).setZone(answers.timezone);
  const date = started.toISODate()!;
  const frontmatter: Record<string, unknown> = {
    title: answers.title.trim(),
    summary: FIELDS.summary.placeholder,
    status: 'draft',
    severity: answers.severity,
    started: answers.started,
    timezone: answers.timezone,
    services: answers.services,
    rootCauses: answers.rootCauses,
    impact: { description: FIELDS['impact.description'].placeholder },
    ...(answers.authors?.length ? { authors: answers.authors } : {}),
    timeline: [{ at: started.toFormat('HH:mm'), event: FIELDS['timeline[].event'].placeholder, kind: 'trigger' }],
    actionItems: [
      {
        title: FIELDS['actionItems[].title'].placeholder,
        owner: FIELDS['actionItems[].owner'].placeholder,
        status: 'open',
        type: 'prevent',
      },
    ],
  };
  const body = [
    '## Summary',
    '',
    'TODO: what happened, in a paragraph a reader from another team understands.',
    '',
    '## Impact',
    '',
    'TODO: who and what was affected, how much, and for how long.',
    '',
    '## Root cause',
    '',
    hint('Root cause'),
    '',
    '## Resolution',
    '',
    hint('Resolution'),
    '',
    '## Lessons learned',
    '',
    hint('Lessons learned'),
    '',
  ].join('\n');
  return {
    slug: makeSlug(date, answers.title),
    text: `---\n${frontmatterYaml(frontmatter)}${OPTIONAL_FIELDS}---\n\n${body}`,
  };
}
