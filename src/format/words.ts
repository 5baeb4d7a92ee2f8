/** A count as people read it, grouped in thousands: "10,000". The site and its messages are in English. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** "1 incident", "2 incidents", "10,000 incidents": the one place the site counts things in words. */
export function plural(count: number, word: string, words = `${word}s`): string {
  return `${formatCount(count)} ${count === 1 ? word : words}`;
}
