import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HindsightError } from '../format/errors.ts';

/** The signals a build stops on, with the exit code shells expect (128 + the signal's number). */
export const SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
export type StopSignal = keyof typeof SIGNALS;

const DIE_WITH_PARENT = pathToFileURL(path.join(import.meta.dirname, '..', 'cli', 'die-with-parent.ts')).href;

/** What a step printed, and how it ended. */
export interface StepResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Standard output and error as they came. */
  output: string;
}

/**
 * Runs a build's steps in child processes and stops the build on a signal: the running step is
 * killed, every clean-up registered so far runs, and the step's promise (or the next
 * `checkpoint`) rejects with a `HindsightError` whose exit code is 128 + the signal's number.
 * Once the site is in place (`published`) a signal changes nothing.
 */
export class StepRunner {
  #running: ChildProcess | undefined;
  #interrupted: StopSignal | undefined;
  #rejectRunning: ((error: Error) => void) | undefined;
  #cleanUps: (() => void)[] = [];
  #handlers = new Map<StopSignal, () => void>();
  /** Aborted on a signal: long waits (the Astro lock) give up at once. */
  readonly abort = new AbortController();
  published = false;

  readonly #cwd: string;
  readonly #env: NodeJS.ProcessEnv;
  readonly #shownOut: string;

  /** Steps run in `cwd` with `env`; `shownOut` is the output folder as messages show it. */
  constructor(cwd: string, env: NodeJS.ProcessEnv, shownOut: string) {
    this.#cwd = cwd;
    this.#env = env;
    this.#shownOut = shownOut;
  }

  /** Starts listening for signals; before anything is written, so no folder is left behind. */
  listen(): void {
    for (const signal of Object.keys(SIGNALS) as StopSignal[]) {
      const handler = () => this.interrupt(signal);
      this.#handlers.set(signal, handler);
      process.on(signal, handler);
    }
  }

  /** Stops listening and runs what is left to clean up. */
  close(): void {
    for (const [signal, handler] of this.#handlers) process.off(signal, handler);
    this.#handlers.clear();
    this.cleanUp();
  }

  /** Registers a clean-up (a temporary folder to remove, a lock to give back); they run in order. */
  onCleanUp(step: () => void): void {
    this.#cleanUps.push(step);
  }

  /** Runs every clean-up registered so far, once. */
  cleanUp(): void {
    for (const step of this.#cleanUps.splice(0)) step();
  }

  /** Throws the interruption, if a signal has arrived. */
  checkpoint(): void {
    if (this.#interrupted) throw this.#stopped(this.#interrupted);
  }

  /**
   * Runs a step in a child process, asynchronously so a signal is handled at once. Node children
   * get the die-with-parent preload, so a build killed outright leaves none running.
   */
  run(command: string, args: string[], options: { node?: boolean } = {}): Promise<StepResult> {
    this.checkpoint();
    const argv = options.node ? ['--import', DIE_WITH_PARENT, ...args] : args;
    return new Promise((resolve, reject) => {
      const child = spawn(command, argv, { cwd: this.#cwd, env: this.#env, stdio: ['ignore', 'pipe', 'pipe'] });
      this.#running = child;
      this.#rejectRunning = reject;
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      const all: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => (out.push(chunk), all.push(chunk)));
      child.stderr.on('data', (chunk: Buffer) => (err.push(chunk), all.push(chunk)));
      child.on('error', reject);
      child.on('close', (status, signal) => {
        this.#running = undefined;
        this.#rejectRunning = undefined;
        // Ctrl-C reaches the whole process group: a step ended by it means the build was interrupted.
        if (signal && signal in SIGNALS) this.interrupt(signal as StopSignal);
        if (this.#interrupted) return reject(this.#stopped(this.#interrupted));
        const text = (chunks: Buffer[]) => Buffer.concat(chunks).toString('utf8');
        resolve({ status, stdout: text(out), stderr: text(err), output: text(all) });
      });
    });
  }

  /** A signal arrived: kill the running step (its promise then rejects) and stop waiting. */
  interrupt(signal: StopSignal): void {
    if (this.#interrupted || this.published) return;
    this.#interrupted = signal;
    this.abort.abort(this.#stopped(signal));
    const child = this.#running;
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    else this.#rejectRunning?.(this.#stopped(signal));
  }

  #stopped(signal: StopSignal): HindsightError {
    return new HindsightError(`\nbuild: interrupted by ${signal}; ${this.#shownOut} was left as it was.`, { exitCode: SIGNALS[signal] });
  }
}
