import { readSettings, type Settings } from '../config/settings.ts';
import { escapeControls } from '../format/characters.ts';

/** Where a command writes, so tests can run it in-process and read what it said. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/**
 * The process's own standard output and error, one line per call. Messages on standard error
 * quote what users typed (flags, file names, values): their control characters are shown escaped,
 * line by line, so no argument can rewrite the terminal. Standard output carries files as they
 * are (`import --dry-run`); what it prints of a user's value is escaped where it is made.
 */
export const processIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text.split('\n').map(escapeControls).join('\n')}\n`),
};

/**
 * The settings for a command, or undefined after printing every problem with them (the command
 * then exits 2, a usage error, before reading any content).
 */
export function settingsFor(
  command: string,
  env: Readonly<Record<string, string | undefined>>,
  io: Io,
  cwd = process.cwd(),
): Settings | undefined {
  const result = readSettings(env, { cwd });
  if (result.problems) {
    io.err(result.problems.map((p) => `${command}: ${p}`).join('\n'));
    return undefined;
  }
  return result.settings;
}
