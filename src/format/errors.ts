/**
 * The one error type Hindsight's library throws for something a user can fix (a setting, a
 * document, a folder, a busy build): the message says what is wrong, `hint` what to do, and
 * `problems` lists each problem when there are several. A command prints it without a stack
 * trace and exits with `exitCode`. Anything else thrown is a bug.
 */
export class HindsightError extends Error {
  /** What to do about it, when the message alone does not say. */
  readonly hint?: string;
  /** Each problem, when there are several (the message lists them too). */
  readonly problems: readonly string[];
  /** The exit code a command ends with (see EXIT in src/cli/command.ts): 1 by default. */
  readonly exitCode: number;

  constructor(message: string, options: { hint?: string; problems?: readonly string[]; exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HindsightError';
    this.hint = options.hint;
    this.problems = options.problems ?? [];
    this.exitCode = options.exitCode ?? 1;
  }
}

/** Whether `error` is one Hindsight threw on purpose (its message is for the user). */
export const isHindsightError = (error: unknown): error is HindsightError => error instanceof HindsightError;
