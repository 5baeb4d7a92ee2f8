/** "1 incident", "2 incidents": the one place the site counts things in words. */
export function plural(count: number, word: string, words = `${word}s`): string {
  return `${count} ${count === 1 ? word : words}`;
}
