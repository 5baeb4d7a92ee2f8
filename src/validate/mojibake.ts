/**
 * Text that was UTF-8 but got read as Windows-1252 or Mac Roman somewhere on its way into the
 * file (a wiki export, a copy from a terminal): `â€™` for ’, `Ã©` for é, `ðŸ`/`üß` for emoji.
 * Each pattern is a lead byte's rendering followed by a continuation byte's rendering, which
 * ordinary prose practically never contains.
 */
const PATTERNS: readonly RegExp[] = [
  /â€[™œ\u009d˜¦“”–—¢¡]/u, // Windows-1252: punctuation (’ “ ” – — …)
  /Ã[\u0080-\u00bf©¨¼¶±§¤¥¢£]/u, // Windows-1252: accented Latin letters
  /ðŸ[\u0080-\u00bf˜™œ“”’‘€]/u, // Windows-1252: emoji
  /Â[\u00a0-\u00bf]/u, // Windows-1252: non-breaking space, ©, °
  /üß|üò|üö|üë|üî|üí|üé/u, // Mac Roman: emoji (F0 9F ..)
  /‚Ä[ôúùìîíù¶¢]|‚Äç|Ô∏è/u, // Mac Roman: punctuation, zero-width joiner, variation selector
];

export interface MojibakeHit {
  line: number;
  column: number;
  text: string;
}

/** Every line with text that looks mis-decoded; one hit per line, at its first garbled run. */
export function findMojibake(text: string): MojibakeHit[] {
  const hits: MojibakeHit[] = [];
  text.split('\n').forEach((line, index) => {
    let first: number | undefined;
    for (const pattern of PATTERNS) {
      const match = pattern.exec(line);
      if (match && (first === undefined || match.index < first)) first = match.index;
    }
    if (first === undefined) return;
    // The garbled run: the non-ASCII characters from the match on.
    const run = /^[^\x00-\x7f]+/u.exec(line.slice(first))?.[0] ?? line.slice(first, first + 3);
    hits.push({ line: index + 1, column: first + 1, text: run.slice(0, 24) });
  });
  return hits;
}
