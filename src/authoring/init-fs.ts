import fs from 'node:fs';
import path from 'node:path';
import { loadRegistries } from './authoring-fs.ts';
import { listPostmortems } from '../format/content-fs.ts';
import { formatDiagnostic } from '../format/diagnostics.ts';
import { REGISTRY_FILES, type Registries } from '../format/schema.ts';
import { editConfigText, mergeRegistryText, type ConfigKey, type ConfigValues, type RegistryEntry } from './init.ts';

/**
 * Disk side of `npm run init`. Everything is checked and worked out before the first write, and
 * the only files it ever removes are postmortems that are byte-for-byte copies of the sample
 * archive's (which stays in examples/sample-archive/), so no run can lose a company's file.
 */

/** Where init reads and writes. */
export interface InitPaths {
  /** The project folder: hindsight.config.ts lives here. */
  root: string;
  /** The content folder it makes the company's own. */
  contentDir: string;
  /** The sample archive, a complete content folder (examples/sample-archive). */
  sampleDir: string;
}

/** What to set; an absent registry list keeps that registry as it is. */
export interface InitRequest {
  config: ConfigValues;
  services?: RegistryEntry[];
  rootCauses?: RegistryEntry[];
}

/** What a run did, for the summary it prints. */
export interface InitReport {
  configSet: ConfigKey[];
  /** Sample postmortems taken out of postmortems/ (their copies stay in the sample archive). */
  moved: string[];
  /** Postmortems left in place: the company's own (or samples someone edited). */
  kept: string[];
  /** Per registry: the ids added, and whether the list replaced the sample's. */
  registries: { file: string; added: string[]; replaced: boolean }[];
}

const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined);

/** Writes through a temporary file and a rename, so a crash never leaves half a file. */
function writeAtomically(file: string, text: string) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.init-${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** The same bytes at the same place in the sample archive. */
function isSampleCopy(file: string, relPath: string, sampleDir: string): boolean {
  const sample = path.join(sampleDir, 'postmortems', relPath);
  return fs.existsSync(sample) && fs.readFileSync(sample).equals(fs.readFileSync(file));
}

/** Removes a folder and its parents up to (not including) `stop` while they are empty. */
function removeEmptyFolders(dir: string, stop: string) {
  for (let current = dir; current !== stop && current.startsWith(stop); current = path.dirname(current)) {
    if (fs.readdirSync(current).length) return;
    fs.rmdirSync(current);
  }
}

/** The postmortems below postmortems/: unchanged copies of the sample's (they move), and the rest (they stay). */
export function sortPostmortems(paths: InitPaths): { samples: { abs: string; relPath: string }[]; kept: string[] } {
  const found = listPostmortems(paths.contentDir, paths.root).files;
  const samples = found.filter((f) => isSampleCopy(f.abs, f.relPath, paths.sampleDir));
  return { samples, kept: found.filter((f) => !samples.includes(f)).map((f) => f.relPath) };
}

/**
 * The registry files to write. A missing one starts as the sample's; a given list replaces the
 * sample's list only while no postmortem of the company's could be using it, else it is added to.
 */
function planRegistries(
  paths: InitPaths,
  request: InitRequest,
  kept: readonly string[],
): { error: string } | { writes: Map<string, string>; registries: InitReport['registries'] } {
  const registryDir = Object.values(REGISTRY_FILES).every((file) => fs.existsSync(path.join(paths.contentDir, file)))
    ? paths.contentDir
    : paths.sampleDir;
  const loaded = loadRegistries(registryDir, 'UTC');
  const defaults = loadRegistries(paths.sampleDir, 'UTC').registries;
  const problems = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (problems.length)
    return { error: `the registries have problems; fix them first (nothing was changed):\n${problems.map(formatDiagnostic).join('\n')}` };
  const writes = new Map<string, string>();
  const registries: InitReport['registries'] = [];
  for (const [name, file] of Object.entries(REGISTRY_FILES) as [keyof Registries, string][]) {
    const target = path.join(paths.contentDir, file);
    const sample = read(path.join(paths.sampleDir, file));
    const current = read(target) ?? sample ?? '';
    const entries = name === 'severities' ? undefined : request[name];
    if (!entries) {
      if (!fs.existsSync(target)) writes.set(target, current);
      continue;
    }
    const replace = kept.length === 0 && current === (sample ?? '');
    const ids = loaded.registries[name].map((e) => e.id);
    const merged = mergeRegistryText(current, ids, entries, replace, defaults[name]);
    if (merged.text !== current || !fs.existsSync(target)) writes.set(target, merged.text);
    registries.push({ file, added: merged.added, replaced: replace });
  }
  return { writes, registries };
}

/** Takes the sample's postmortems out of postmortems/, leaving a .gitkeep when nothing else is left. */
function removeSamples(paths: InitPaths, moved: readonly { abs: string }[], kept: readonly string[]) {
  const postmortemsDir = path.join(paths.contentDir, 'postmortems');
  for (const f of moved) {
    fs.rmSync(f.abs);
    removeEmptyFolders(path.dirname(f.abs), postmortemsDir);
  }
  fs.mkdirSync(postmortemsDir, { recursive: true });
  // Git keeps no empty folder; the listing skips dot-files.
  if (kept.length === 0 && fs.readdirSync(postmortemsDir).length === 0) fs.writeFileSync(path.join(postmortemsDir, '.gitkeep'), '');
}

/** Whether two folders are the same or one holds the other (links followed). */
function overlaps(a: string, b: string): boolean {
  const real = (dir: string) => (fs.existsSync(dir) ? fs.realpathSync(dir) : path.resolve(dir));
  const [x, y] = [real(a), real(b)];
  const inside = (child: string, parent: string) =>
    !path.relative(parent, child).startsWith('..') && !path.isAbsolute(path.relative(parent, child));
  return inside(x, y) || inside(y, x);
}

/** Makes the content folder the company's own archive; an error message and nothing written, or what it did. */
export function applyInit(paths: InitPaths, request: InitRequest): { report: InitReport } | { error: string } {
  const configFile = path.join(paths.root, 'hindsight.config.ts');
  const configText = read(configFile);
  if (configText === undefined) return { error: `${configFile} does not exist: run init in the Hindsight project folder` };
  const edited = editConfigText(configText, request.config);
  if ('error' in edited) return edited;
  if (!fs.existsSync(path.join(paths.sampleDir, 'postmortems'))) {
    return {
      error: `${paths.sampleDir} holds no sample archive (postmortems/ and the registries): restore it from the Hindsight repository (git checkout -- examples/sample-archive), then run init again`,
    };
  }
  // Every file of the sample would be a "copy of the sample" and be removed: the one archive
  // init must never empty is the one it keeps the samples in.
  if (overlaps(paths.contentDir, paths.sampleDir)) {
    return {
      error: `the content folder ${paths.contentDir} is (or holds, or lies in) the sample archive ${paths.sampleDir}: point HINDSIGHT_CONTENT_DIR at your own content folder (default ./content)`,
    };
  }
  // Which postmortems are the sample's, untouched: those move; everything else stays.
  const { samples: moved, kept } = sortPostmortems(paths);
  const planned = planRegistries(paths, request, kept);
  if ('error' in planned) return planned;

  // Every check passed: write.
  if (edited.text !== configText) writeAtomically(configFile, edited.text);
  for (const [file, text] of planned.writes) writeAtomically(file, text);
  removeSamples(paths, moved, kept);
  const configSet = (Object.keys(request.config) as ConfigKey[]).filter((k) => request.config[k] !== undefined);
  return { report: { configSet, moved: moved.map((f) => f.relPath), kept, registries: planned.registries } };
}
