import matter from 'gray-matter';
import mammoth from 'mammoth';
import type { Root } from 'mdast';
import { markdownToMdast } from 'satteri';
import { parse as parseToml } from 'smol-toml';
import { normaliseText, readYaml } from '../../format/frontmatter.ts';
import { HindsightError } from '../../format/errors.ts';
import { repairMojibake } from './mojibake-repair.ts';
import { readHtml } from './read-html.ts';

/**
 * Stage 1 of `npm run import`: a file's bytes, in whatever format it came, as one mdast tree.
 * Word files go through mammoth to HTML, HTML through hast-util-to-mdast (read-html.ts),
 * Markdown and plain text through Sätteri (the parser the site renders with). Text is decoded
 * (UTF-8, or Windows-1252 for older exports), and mis-decoded UTF-8 is repaired on the way in.
 */

export type DocumentFormat = 'docx' | 'html' | 'markdown' | 'text';

/** Metadata the file carries outside its text: foreign frontmatter (keys lower-cased). */
export type Metadata = Record<string, string | string[]>;

/** A document read: one mdast tree, whatever its format. */
export interface ReadDocument {
  format: DocumentFormat;
  /** The system that wrote it, when the file shows it (Confluence, Google Docs, Notion, Word). */
  source?: string;
  /** The original's address, when the file names one over http(s). */
  url?: string;
  tree: Root;
  metadata: Metadata;
  /** What the author should know about the reading (an encoding guessed, frontmatter unreadable). */
  notes: string[];
}

const UNSUPPORTED: Record<string, string> = {
  doc: 'Word 97-2003 .doc files cannot be read: open it in Word and save it as .docx',
  pdf: 'PDF files cannot be read reliably: export the original as .docx, HTML, Markdown or text',
  odt: 'OpenDocument files cannot be read: save it as .docx',
  rtf: 'RTF files cannot be read: save it as .docx',
  pages: 'Pages files cannot be read: export it as .docx',
  zip: 'unzip it (a Confluence HTML export is a zip of pages) and import the folder',
};

/** Extensions that name documents; a folder import takes only these. */
export const DOCUMENT_EXTENSIONS = [
  'docx',
  'html',
  'htm',
  'xhtml',
  'md',
  'markdown',
  'mdx',
  'mdown',
  'txt',
  'text',
  // A zip in a folder is an attachment as often as an export: left alone unless named.
  ...Object.keys(UNSUPPORTED).filter((ext) => ext !== 'zip'),
];

const extension = (name: string) => /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';

/** Bytes as text: UTF-8, or Windows-1252 when they are not valid UTF-8. */
function decode(bytes: Uint8Array, notes: string[]): string {
  // Windows "Unicode" text (Notepad, Outlook's "Save as"): UTF-16 with its byte-order mark.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes);
  if (bytes.includes(0))
    throw new HindsightError('the file is not a text document', { hint: 'export the postmortem as .docx, HTML, Markdown or plain text' });
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Older wiki and Word exports are often Windows-1252 rather than UTF-8.
    notes.push('the file is not UTF-8; it was read as Windows-1252');
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** Which format a text is in, when its name does not say. */
export function sniffFormat(text: string): 'html' | 'markdown' | 'text' {
  const head = text.slice(0, 2000);
  if (
    /^\s*(?:<!doctype html|<html[\s>]|<\?xml)/i.test(head) ||
    (head.trimStart().startsWith('<') && (head.match(/<\/?(?:p|div|h[1-6]|table|ul|li|body|span)\b/gi)?.length ?? 0) >= 3)
  )
    return 'html';
  if (/^---\n|^#{1,6}\s|^\s*\|.*\|\s*\n\s*\|?\s*:?-{3}|^\s*[-*] \[[ xX]\]|^```/m.test(text)) return 'markdown';
  return 'text';
}

const clean = (text: string) => repairMojibake(normaliseText(text)).replace(/\u00a0/g, ' ');

/** A frontmatter value as text: a scalar, or a person written as `{ name: …, twitter: … }` (Hugo's authors). */
function scalar(value: unknown): string | undefined {
  // TOML dates (smol-toml's TomlDate) as written.
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    const named = (value as Record<string, unknown>).name ?? (value as Record<string, unknown>).title;
    return typeof named === 'string' ? named : undefined;
  }
  return value === null || value === undefined ? undefined : String(value);
}

/** Someone else's frontmatter: YAML between `---` lines (Jekyll, Docusaurus…), or TOML between `+++` lines (Hugo). */
function readFrontmatter(text: string, notes: string[]): { body: string; data?: unknown } {
  const toml = /^\+\+\+\n/.test(text);
  if (!toml && !/^---\n/.test(text)) return { body: text };
  let data: unknown;
  const ignored = (language: string, where: string) => notes.push(`the frontmatter is not valid ${language} (${where}); it was ignored`);
  const file = matter(text, {
    ...(toml ? { delimiters: '+++', language: 'toml' } : {}),
    engines: {
      yaml: (raw) => {
        const yaml = readYaml(raw.replace(/^\n/, ''), 1);
        if (yaml.errors.length) ignored('YAML', `line ${yaml.errors[0]!.line}: ${yaml.errors[0]!.message}`);
        data = yaml.data;
        return {};
      },
      toml: (raw) => {
        try {
          data = parseToml(raw);
        } catch (error) {
          ignored('TOML', (error as Error).message.split('\n')[0]!);
        }
        return {};
      },
    },
  });
  return { body: file.content, data };
}

/** Markdown, with someone else's frontmatter as metadata (keys lower-cased). */
function readMarkdown(text: string, notes: string[]): { tree: Root; metadata: Metadata } {
  const { body, data } = readFrontmatter(text, notes);
  const metadata: Metadata = {};
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    for (const [key, value] of Object.entries(data)) {
      const values = (Array.isArray(value) ? value : [value]).map(scalar).filter((v) => v !== undefined);
      if (values.length) metadata[key.toLowerCase()] = Array.isArray(value) ? values : values[0]!;
    }
  }
  return { tree: markdownToMdast(body) as Root, metadata };
}

/**
 * Plain text as Markdown: the same tree, with indentation removed first (a line indented four
 * spaces would otherwise be code).
 */
function readPlainText(text: string): Root {
  return markdownToMdast(
    text
      .split('\n')
      .map((line) => line.trimStart())
      .join('\n'),
  ) as Root;
}

/** Reads a document from its file name and bytes. */
export async function readDocument(name: string, bytes: Uint8Array): Promise<ReadDocument> {
  const ext = extension(name);
  if (UNSUPPORTED[ext]) throw new HindsightError(`cannot read a .${ext} file`, { hint: UNSUPPORTED[ext] });
  const notes: string[] = [];
  // A .docx is a zip ("PK\x03\x04"): one saved under another name (.html, .txt, none) is still read as Word.
  const zipped = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  if (zipped && ext !== 'docx') notes.push(`the file is a Word document, not .${ext || '(no extension)'}: it was read as one`);
  if (ext === 'docx' || zipped) {
    let html: string;
    try {
      const result = await mammoth.convertToHtml(
        { buffer: Buffer.from(bytes) },
        { styleMap: ["p[style-name='Title'] => h1:fresh", 'p.Title => h1:fresh'] },
      );
      html = result.value;
    } catch (error) {
      throw new HindsightError(`the Word file cannot be read (${(error as Error).message})`, {
        hint: 'open it in Word, save it again as .docx, and retry',
      });
    }
    return { format: 'docx', source: 'Word', tree: readHtml(clean(html)).tree, metadata: {}, notes };
  }
  const text = clean(decode(bytes, notes));
  if (!text.trim()) throw new HindsightError('the file is empty', { hint: 'export the postmortem again and retry' });
  const format = ['html', 'htm', 'xhtml'].includes(ext)
    ? 'html'
    : ['md', 'markdown', 'mdx', 'mdown'].includes(ext)
      ? 'markdown'
      : sniffFormat(text);
  if (format === 'html') {
    const html = readHtml(text);
    notes.push(...html.notes);
    return {
      format,
      ...(html.source ? { source: html.source } : {}),
      ...(html.url ? { url: html.url } : {}),
      tree: html.tree,
      metadata: {},
      notes,
    };
  }
  if (format === 'markdown') return { format, ...readMarkdown(text, notes), notes };
  return { format, tree: readPlainText(text), metadata: {}, notes };
}
