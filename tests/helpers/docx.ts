import zlib from 'node:zlib';

/**
 * Minimal Word files for the importer's tests: a .docx is a zip of XML parts, and Word's own
 * structure (styled paragraphs, bold runs, tables) is all mammoth reads. The zip is written
 * uncompressed ("stored"), which every reader accepts.
 */

export type Run = string | { text: string; bold?: boolean };
/** A list item: its runs, at a nesting level (0 unless given). */
export type Item = Run[] | { level: number; runs: Run[] };
export type Block =
  | { style?: 'Title' | 'Heading1' | 'Heading2'; runs: Run[] }
  | { table: string[][] }
  /** A Word list: "List Paragraph"s numbered by word/numbering.xml, bullets or 1. 2. 3. */
  | { list: 'bullet' | 'number'; items: Item[] };

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const run = (r: Run) => {
  const { text, bold } = typeof r === 'string' ? { text: r, bold: false } : r;
  return `<w:r>${bold ? '<w:rPr><w:b/></w:rPr>' : ''}<w:t xml:space="preserve">${escape(text)}</w:t></w:r>`;
};
const paragraph = (runs: Run[], style?: string, numbering = '') =>
  `<w:p>${style || numbering ? `<w:pPr>${style ? `<w:pStyle w:val="${style}"/>` : ''}${numbering}</w:pPr>` : ''}${runs.map(run).join('')}</w:p>`;
const NUM_IDS = { bullet: 1, number: 2 };
const listItem = (kind: 'bullet' | 'number', item: Item) => {
  const { level, runs } = Array.isArray(item) ? { level: 0, runs: item } : item;
  return paragraph(runs, 'ListParagraph', `<w:numPr><w:ilvl w:val="${level}"/><w:numId w:val="${NUM_IDS[kind]}"/></w:numPr>`);
};
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const levels = (format: string) => [0, 1, 2].map((l) => `<w:lvl w:ilvl="${l}"><w:numFmt w:val="${format}"/></w:lvl>`).join('');
const NUMBERING = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering ${W}><w:abstractNum w:abstractNumId="0">${levels('bullet')}</w:abstractNum><w:abstractNum w:abstractNumId="1">${levels('decimal')}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>`;

function documentXml(blocks: Block[]): string {
  const body = blocks
    .map((b) =>
      'table' in b
        ? `<w:tbl>${b.table.map((row) => `<w:tr>${row.map((cell) => `<w:tc>${paragraph([cell])}</w:tc>`).join('')}</w:tr>`).join('')}</w:tbl>`
        : 'list' in b
          ? b.items.map((item) => listItem(b.list, item)).join('')
          : paragraph(b.runs, b.style),
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
}

/** A zip of the given files, stored without compression. */
export function zip(files: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.from(content, 'utf8');
    const fileName = Buffer.from(name, 'utf8');
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x21, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(fileName.length, 28);
    entry.writeUInt32LE(offset, 42);
    parts.push(local, fileName, data);
    central.push(entry, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(central.length / 2, 8);
  end.writeUInt16LE(central.length / 2, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

/** A .docx holding the given paragraphs, lists and tables. */
export function makeDocx(blocks: Block[]): Buffer {
  return zip({
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    'word/document.xml': documentXml(blocks),
    'word/_rels/document.xml.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>',
    'word/numbering.xml': NUMBERING,
  });
}
