import fs from 'node:fs';
import path from 'node:path';
import { applyInit, sortPostmortems, type InitPaths, type InitReport, type InitRequest } from '../authoring/init-fs.ts';
import {
  CONFIG_KEYS,
  configValue,
  configValueProblem,
  parseEntries,
  resolveZone,
  type ConfigKey,
  type ConfigValues,
  type RegistryEntry,
} from '../authoring/init.ts';
import { EXIT, parseCommand, problem, runAsProgram, usageError, type Command, type Parsed } from './command.ts';
import { plural } from '../format/words.ts';
import { settingsFor } from './io.ts';

/** `npm run init`: makes the archive the company's own: its name, its address, its taxonomy, and no sample postmortems. */

export const USAGE = `Usage: npm run init -- [options]

Makes this archive yours: sets the organisation, title, address and time zone in
hindsight.config.ts, starts services.yaml and root-causes.yaml with your own entries (or keeps
the default taxonomy), and moves the sample postmortems out of the content folder (they stay in
examples/sample-archive/), so the next \`npm run build\` is your own, empty archive. Asks in a
terminal (unless --yes); without one it takes the flags given. Running it again never removes a postmortem of yours:
registry entries are added, never dropped.

Options:
  --organisation <name>      whose incidents these are
  --title <text>             the site title
  --site <url>               the address it will be served at, e.g. https://postmortems.example.com
  --base <path>              path prefix when served from a sub-path, e.g. /hindsight/
  --timezone <zone>          default zone: an IANA name (Europe/Berlin) or an abbreviation (CET)
  --service <id[:name]>      a service to start with; repeat it or give a comma list
  --root-cause <id[:name]>   a root cause to start with; repeat it or give a comma list
  --keep-taxonomy            keep services.yaml and root-causes.yaml as they are
  -y, --yes                  never ask: what is not given stays as it is (also without a terminal)
  -h, --help                 show this help

The content folder is HINDSIGHT_CONTENT_DIR (default ./content). Exit status: 0 when done,
1 when something could not be done (nothing is changed then), 2 for a usage error.`;

const FLAGS: Record<ConfigKey, string> = {
  organisation: 'organisation',
  title: 'title',
  site: 'site',
  base: 'base',
  defaultTimezone: 'timezone',
};

/** Asks for every answer not given as a flag, with the current value as the default; undefined when cancelled. */
async function ask(
  request: InitRequest,
  current: ConfigValues,
  taxonomyGiven: boolean,
  sampleCount: number,
): Promise<InitRequest | undefined> {
  const p = await import('@clack/prompts');
  const out: InitRequest = { ...request, config: { ...request.config } };
  p.intro('Make this archive yours');
  const questions: Record<ConfigKey, string> = {
    organisation: 'Organisation: whose incidents are these?',
    title: 'Site title',
    site: 'Address the site will be served at',
    base: 'Path prefix (/ at the root of a host, or e.g. /hindsight/)',
    defaultTimezone: 'Default time zone (IANA name or abbreviation)',
  };
  for (const key of CONFIG_KEYS) {
    if (out.config[key] !== undefined) continue;
    const value = await p.text({
      message: questions[key],
      placeholder: current[key],
      defaultValue: current[key],
      validate: (v) => (v ? configValueProblem(key, key === 'defaultTimezone' ? resolveZone(v) : v) : undefined),
    });
    if (p.isCancel(value)) return undefined;
    const text = String(value || current[key] || '');
    if (text && text !== current[key]) out.config[key] = key === 'defaultTimezone' ? resolveZone(text) : text;
  }
  if (!taxonomyGiven) {
    for (const [name, kind, example] of [
      ['services', 'service', 'checkout-api:Checkout API, payments'],
      ['rootCauses', 'root-cause', 'config-change, capacity:Capacity'],
    ] as const) {
      const value = await p.text({
        message: `${name === 'services' ? 'Services' : 'Root causes'} to start with (id or id:Name, comma-separated; empty keeps the list as it is)`,
        placeholder: example,
        validate: (v) => {
          const parsed = v ? parseEntries([v], kind) : undefined;
          return parsed && 'error' in parsed ? parsed.error : undefined;
        },
      });
      if (p.isCancel(value)) return undefined;
      const parsed = value ? parseEntries([String(value)], kind) : undefined;
      if (parsed && 'entries' in parsed && parsed.entries.length) out[name] = parsed.entries;
    }
  }
  if (sampleCount > 0) {
    const go = await p.confirm({
      message: `Move the ${sampleCount} sample postmortems to examples/sample-archive/ (your own files stay)?`,
    });
    if (p.isCancel(go) || !go) return undefined;
  }
  return out;
}

function summary(report: InitReport, shownContent: string): string {
  const lines: string[] = [];
  if (report.configSet.length) lines.push(`Set ${report.configSet.join(', ')} in hindsight.config.ts.`);
  for (const r of report.registries) {
    if (r.replaced) lines.push(`Started ${shownContent}/${r.file} with ${r.added.join(', ')}.`);
    else if (r.added.length) lines.push(`Added ${r.added.join(', ')} to ${shownContent}/${r.file}.`);
    else lines.push(`${shownContent}/${r.file} already lists every id given.`);
  }
  if (report.moved.length)
    lines.push(
      `Moved ${report.moved.length} sample postmortems out of ${shownContent}/postmortems/ (they stay in examples/sample-archive/).`,
    );
  if (report.kept.length) lines.push(`Kept ${plural(report.kept.length, 'postmortem')} of yours: ${report.kept.join(', ')}.`);
  if (!report.moved.length && !report.kept.length) lines.push(`${shownContent}/postmortems/ holds no postmortem yet.`);
  return `${lines.join('\n')}

Next:
  1. npm run build       your archive (npm run preview to look at it)
  2. npm run new         your first postmortem
  3. Commit hindsight.config.ts and ${shownContent}/: they are yours (see "What you own" in the README).`;
}

function entriesFrom(values: string[] | undefined, kind: 'service' | 'root-cause'): RegistryEntry[] | string | undefined {
  if (!values) return undefined;
  const parsed = parseEntries(values, kind);
  return 'error' in parsed ? parsed.error : parsed.entries;
}

const OPTIONS = {
  organisation: { type: 'string' },
  title: { type: 'string' },
  site: { type: 'string' },
  base: { type: 'string' },
  timezone: { type: 'string' },
  service: { type: 'string', multiple: true },
  'root-cause': { type: 'string', multiple: true },
  'keep-taxonomy': { type: 'boolean', default: false },
  yes: { type: 'boolean', short: 'y', default: false },
} as const;

/** What the flags ask for, checked; a usage error's message when a value is wrong. */
function requestFrom(v: Parsed<typeof OPTIONS>['values']): InitRequest | string {
  if (v['keep-taxonomy'] && (v.service || v['root-cause']))
    return '--keep-taxonomy keeps the registries as they are: give it, or --service/--root-cause, not both';
  const config: ConfigValues = {};
  for (const key of CONFIG_KEYS) {
    const given = v[FLAGS[key] as keyof typeof v] as string | undefined;
    if (given === undefined) continue;
    const value = key === 'defaultTimezone' ? resolveZone(given) : given;
    const problem = configValueProblem(key, value);
    if (problem) return `--${FLAGS[key]} "${given}" ${problem}`;
    config[key] = value;
  }
  const services = entriesFrom(v.service, 'service');
  const rootCauses = entriesFrom(v['root-cause'], 'root-cause');
  if (typeof services === 'string') return services;
  if (typeof rootCauses === 'string') return rootCauses;
  return { config, services, rootCauses };
}

/** The request completed in a terminal, with the config file's values as defaults; undefined when cancelled. */
async function askRest(request: InitRequest, paths: InitPaths, keepTaxonomy: boolean): Promise<InitRequest | undefined> {
  const configFile = path.join(paths.root, 'hindsight.config.ts');
  const configText = fs.existsSync(configFile) ? fs.readFileSync(configFile, 'utf8') : '';
  const current = Object.fromEntries(CONFIG_KEYS.map((k) => [k, configValue(configText, k)])) as ConfigValues;
  const taxonomyGiven = Boolean(keepTaxonomy || request.services || request.rootCauses);
  return ask(request, current, taxonomyGiven, sortPostmortems(paths).samples.length);
}

/** Runs `npm run init`; returns the exit code (0 done, 1 not done and nothing changed, 2 usage). */
export const run: Command = async (argv, env, io, options = {}) => {
  const cwd = options.cwd ?? process.cwd();
  const args = parseCommand('init', USAGE, argv, io, OPTIONS);
  if (typeof args === 'number') return args;
  const v = args.values;
  let request = requestFrom(v);
  if (typeof request === 'string') return usageError('init', io, request, USAGE);
  const settings = settingsFor('init', env, io, cwd);
  if (!settings) return EXIT.usage;
  const { contentDir } = settings;
  const paths: InitPaths = { root: cwd, contentDir, sampleDir: path.join(cwd, 'examples', 'sample-archive') };
  if (!v.yes && options.interactive) {
    const asked = await askRest(request, paths, v['keep-taxonomy']);
    if (!asked) return problem('init', io, 'cancelled; nothing was changed');
    request = asked;
  }
  const result = applyInit(paths, request);
  if ('error' in result) return problem('init', io, result.error);
  io.out(summary(result.report, path.relative(cwd, contentDir) || '.'));
  return EXIT.ok;
};

if (import.meta.main) await runAsProgram('init', run);
