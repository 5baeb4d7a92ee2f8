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

/** Every line with text that looks mis-decoded; one hit per line. */
export function findMojibake(text: string): MojibakeHit[] {
  const hits: MojibakeHit[] = [];
  text.split('\n').forEach((line, index) => {
    for (const pattern of PATTERNS) {
      const match = pattern.exec(line);
      if (match) {
        hits.push({ line: index + 1, column: match.index + 1, text: line.slice(match.index, match.index + 8).trim() });
        break;
      }
    }
  });
  return hits;
}
