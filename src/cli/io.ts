import { readSettings, type Settings } from '../config/settings.ts';

/** Where a command writes, so tests can run it in-process and read what it said. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** The process's own standard output and error, one line per call. */
export const processIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/**
 * The settings for a command, or undefined after printing every problem with them (the command
 * then exits 2, a usage error, before reading any content).
 */
export function settingsFor(command: string, env: Readonly<Record<string, string | undefined>>, io: Io, cwd = process.cwd()): Settings | undefined {
  const result = readSettings(env, { cwd });
  if (result.problems) {
    io.err(result.problems.map((p) => `${command}: ${p}`).join('\n'));
    return undefined;
  }
  return result.settings;
}
