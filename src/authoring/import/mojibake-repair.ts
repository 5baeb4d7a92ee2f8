/**
 * Repairs text that was UTF-8 but was read as Windows-1252 or Mac Roman somewhere on its way
 * out of a wiki or a doc (`â€™` for ’, `Ã©` for é, `üßõ‚Äç‚ôÇÔ∏è` for 🧛‍♂️). src/validate/mojibake.ts finds
 * such text for the validator; this module turns it back, for the importer.
 *
 * Each run of non-ASCII characters is mapped back to the bytes the wrong code page gave them,
 * and every well-formed UTF-8 sequence in those bytes is decoded; characters that do not form
 * one stay as they were, so genuine accents next to garbled text survive.
 */

type Codec = Map<string, number>;

function reverseCodec(label: string): Codec {
  const decoder = new TextDecoder(label);
  const map: Codec = new Map();
  for (let byte = 0x80; byte <= 0xff; byte++) {
    const char = decoder.decode(new Uint8Array([byte]));
    if (char !== '\uFFFD' && !map.has(char)) map.set(char, byte);
  }
  return map;
}

let codecs: Codec[] | undefined;
/** Windows-1252 first: it is the usual culprit; Mac Roman for text that went through a Mac. */
function allCodecs(): Codec[] {
  codecs ??= [reverseCodec('windows-1252'), reverseCodec('macintosh')];
  return codecs;
}

const sequenceLength = (lead: number) =>
  lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
const isContinuation = (byte: number | undefined) => byte !== undefined && byte >= 0x80 && byte <= 0xbf;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes the valid UTF-8 sequences in `bytes`; returns the new text and how many characters it repaired. */
function decodeRun(chars: string[], codec: Codec): { text: string; repaired: number } {
  const bytes = chars.map((c) => codec.get(c));
  let out = '';
  let repaired = 0;
  let i = 0;
  while (i < chars.length) {
    let lead = bytes[i];
    let length = lead === undefined ? 0 : sequenceLength(lead);
    let prefix: number[] = [];
    // Mac Roman shows the emoji lead byte F0 as the Apple logo, a private-use character that
    // copy and paste often drops: "üßõ" is F0 9F A7 9B without its F0.
    if (length === 0 && lead === 0x9f && isContinuation(bytes[i + 1]) && isContinuation(bytes[i + 2])) {
      prefix = [0xf0];
      length = 3;
    }
    const sequence = bytes.slice(i, i + length);
    if (length > 0 && sequence.length === length && sequence.slice(prefix.length ? 0 : 1).every(isContinuation)) {
      try {
        out += utf8.decode(new Uint8Array([...prefix, ...(sequence as number[])]));
        repaired++;
        i += length;
        continue;
      } catch {
        // Not a real character (an overlong form, say): keep the original text.
      }
    }
    out += chars[i];
    i++;
  }
  return { text: out, repaired };
}

/** Text with mis-decoded UTF-8 turned back into the characters it was; other text unchanged. */
export function repairMojibake(text: string): string {
  return text.replace(/[^\x00-\x7f]{2,}/gu, (run) => {
    const chars = [...run];
    let best = { text: run, repaired: 0 };
    for (const codec of allCodecs()) {
      const attempt = decodeRun(chars, codec);
      if (attempt.repaired > best.repaired) best = attempt;
    }
    return best.text;
  });
}
