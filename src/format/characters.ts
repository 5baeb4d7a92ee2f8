/**
 * Which characters text may hold, and how messages show the ones it may not. One place, used by
 * the schema's text fields, the settings and the error formatter.
 *
 * Refused in text: C0 controls (tab and newline only where a field allows several lines), DEL,
 * C1 controls, and the bidirectional embedding, override and isolate controls (U+202A–U+202E,
 * U+2066–U+2069), which can make text display reversed ("Trojan Source"), and U+FFFE and U+FFFF,
 * which are not characters. Control characters and those two make feeds not well-formed XML and
 * can rewrite a terminal.
 */

const CONTROL = '\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069\\uFFFE\\uFFFF';
const CONTROL_MULTILINE_RE = new RegExp(`[${CONTROL}]`, 'u');
const CONTROL_SINGLE_LINE_RE = new RegExp(`[${CONTROL}\\t\\n]`, 'u');
/** Characters a reader cannot see: whitespace, zero-width space/joiners, word joiner, BOM, soft hyphen. */
const INVISIBLE_RE = /^[\s\u200B-\u200D\u2060\uFEFF\u00AD]*$/u;

/** `U+001B`: how a character is named in messages. */
function codePointName(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Why a character is refused, in a few words. */
function controlKind(char: string): string {
  const code = char.codePointAt(0)!;
  if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069))
    return 'a bidirectional control character, which can make text display reversed';
  if (char === '\t' || char === '\n') return 'a tab or line break, and this field is one line';
  if (code === 0xfffe || code === 0xffff) return 'which is not a character';
  return 'a control character';
}

/** The first character text may not hold: where it is (UTF-16 index), its name and why. */
export interface RefusedCharacter {
  index: number;
  /** `U+001B` */
  name: string;
  /** "a control character", "a bidirectional control character, …" */
  kind: string;
}

/** The first character of `value` that text may not hold, or undefined. */
export function refusedCharacter(value: string, multiline: boolean): RefusedCharacter | undefined {
  const bad = (multiline ? CONTROL_MULTILINE_RE : CONTROL_SINGLE_LINE_RE).exec(value);
  return bad ? { index: bad.index, name: codePointName(bad[0]), kind: controlKind(bad[0]) } : undefined;
}

/**
 * What is wrong with the characters of `value`, or undefined when nothing is: the first refused
 * character (named, never echoed), or text made only of invisible characters.
 */
export function textCharacterProblem(value: string, multiline: boolean): string | undefined {
  const bad = refusedCharacter(value, multiline);
  if (bad) return `contains ${bad.name}, ${bad.kind}, at character ${[...value.slice(0, bad.index)].length + 1}`;
  if (value.length > 0 && INVISIBLE_RE.test(value))
    return 'holds only invisible characters (spaces, zero-width characters or soft hyphens)';
  return undefined;
}

/** Characters that messages never print raw: every control above, line breaks, zero-width ones and U+2028/9. */
const ESCAPE_RE = /[\u0000-\u001F\u007F-\u009F\u00AD\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF\uFFFE\uFFFF]/gu;
const SHORT_ESCAPES: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r' };

/**
 * Shows control and invisible characters as escapes (`\u001b`, `\n`), so a quoted value can
 * neither rewrite the terminal (ANSI escapes, a fake "✔ no problems"), nor reverse the text, nor
 * break a line of the report. Every other character, `..` and quotes included, is kept exactly.
 */
export function escapeControls(text: string): string {
  return text.replace(ESCAPE_RE, (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
