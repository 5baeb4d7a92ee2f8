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
