import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { processEnv } from '../config/settings.ts';
import { isHindsightError } from '../format/errors.ts';
import { processIo, type Io } from './io.ts';

/**
 * What every command's exit code means; each command's --help says which of them it uses.
 * Interrupted builds end with 128 + the signal's number, as shells expect.
 */
export const EXIT = {
  /** Done, and nothing is wrong. */
  ok: 0,
  /** The content has problems (a postmortem, a registry, an answer, a document), or the work failed and nothing was changed. */
  problems: 1,
  /** Called wrong: an unknown flag, a bad or missing argument, invalid settings, no content folder. */
  usage: 2,
} as const;

/** The environment a command reads its settings from (`process.env` when run as a program). */
export type Env = Readonly<Record<string, string | undefined>>;

/** How a command runs besides its arguments: tests pass a folder, a clock and no terminal. */
export interface CommandOptions {
  /** The folder it runs in (default: the process's). */
  cwd?: string;
  /** Whether it may ask questions (a terminal on both ends). */
  interactive?: boolean;
  /** The clock, for `now`. */
  now?: Date;
}

/** Every command: runs with these arguments and environment, writes through `io`, returns its exit code. */
export type Command = (argv: string[], env: Env, io: Io, options?: CommandOptions) => Promise<number>;

const HELP = { help: { type: 'boolean', short: 'h', default: false } } as const;

/** What `parseCommand` gives back: the values (with `help`) and the positionals. */
export type Parsed<T extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<{ options: T & typeof HELP; allowPositionals: true; strict: true }>
>;

/**
 * Reads a command line the way every command does: unknown flags and bad values are a usage
 * error (printed with the usage, exit 2), `-h`/`--help` prints the usage (exit 0). Returns the
 * parsed line, or the exit code when the command is over.
 */
export function parseCommand<T extends ParseArgsOptionsConfig>(
  name: string,
  usage: string,
  argv: string[],
  io: Io,
  options: T,
  { positionals = false } = {},
): Parsed<T> | number {
  let parsed: Parsed<T>;
  try {
    parsed = parseArgs({ args: argv, options: { ...options, ...HELP }, allowPositionals: positionals, strict: true }) as Parsed<T>;
  } catch (error) {
    return usageError(name, io, (error as Error).message, usage);
  }
  if ((parsed.values as { help?: boolean }).help) {
    io.out(usage);
    return EXIT.ok;
  }
  return parsed;
}

/** Prints a usage error ("name: message", then the usage when given) and returns its exit code. */
export function usageError(name: string, io: Io, message: string, usage?: string): number {
  io.err(`${name}: ${message}${usage ? `\n\n${usage}` : ''}`);
  return EXIT.usage;
}

/** Prints a problem ("name: message") and returns exit code 1. */
export function problem(name: string, io: Io, message: string): number {
  io.err(`${name}: ${message}`);
  return EXIT.problems;
}

/** Repeatable flags that also take comma lists (`--service a,b --service c`): the trimmed, non-empty items. */
export function commaList(values: string[] | undefined): string[] | undefined {
  return values
    ?.flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

/**
 * Runs a command as this program: its arguments, environment and standard streams. A
 * `HindsightError` that escapes is printed without a stack trace; anything else is a bug, shown whole.
 */
export async function runAsProgram(name: string, command: Command): Promise<void> {
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  try {
    process.exitCode = await command(process.argv.slice(2), processEnv(), processIo, { interactive });
  } catch (error) {
    if (!isHindsightError(error)) throw error;
    processIo.err(`${name}: ${error.message}${error.hint ? `\n${error.hint}` : ''}`);
    process.exitCode = error.exitCode;
  }
}
