/** The line and column (1-based) of the first `needle` in `text`, counted independently of the code under test. */
export function where(text: string, needle: string): { line: number; column: number } {
  const index = text.indexOf(needle);
  if (index === -1) throw new Error(`not in the text: ${needle.slice(0, 20)}`);
  const before = text.slice(0, index);
  return { line: before.split('\n').length, column: index - before.lastIndexOf('\n') };
}
