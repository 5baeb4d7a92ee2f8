import { describe, expect, it } from 'vitest';
import { toString } from 'mdast-util-to-string';
import { HindsightError } from '../../../src/format/errors.ts';
import { repairMojibake } from '../../../src/authoring/import/mojibake-repair.ts';
import { readDocument, sniffFormat } from '../../../src/authoring/import/read.ts';
import { readHtml } from '../../../src/authoring/import/read-html.ts';
import { makeDocx } from '../../helpers/docx.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const tasks = (html: string) => {
  const list = readHtml(html).tree.children.find((n) => n.type === 'list');
  return list?.type === 'list' ? list.children.map((i) => [i.checked, toString(i).trim()]) : [];
};

describe('formats', () => {
  it('by extension, else by content', async () => {
    expect((await readDocument('a.md', bytes('plain words'))).format).toBe('markdown');
    expect((await readDocument('a.txt', bytes('<!DOCTYPE html><html><body><p>x</p></body></html>'))).format).toBe('html');
    expect((await readDocument('export', bytes('## Timeline\n\n- 10:00 x'))).format).toBe('markdown');
    expect((await readDocument('a.docx', makeDocx([{ style: 'Heading1', runs: ['Timeline'] }]))).format).toBe('docx');
    expect(sniffFormat('Just a report.\nTimeline\n10:00 x')).toBe('text');
  });

  it('a Word file: Title and Heading styles become headings, bold runs strong, tables tables', async () => {
    const doc = await readDocument(
      'a.docx',
      makeDocx([
        { style: 'Title', runs: ['Outage'] },
        { runs: [{ text: 'Date:', bold: true }, ' May 2, 2024'] },
        {
          table: [
            ['Time', 'Event'],
            ['10:00', 'down'],
          ],
        },
      ]),
    );
    expect(doc.source).toBe('Word');
    expect(doc.tree.children.map((n) => n.type)).toEqual(['heading', 'paragraph', 'table']);
    expect(doc.tree.children[1]).toMatchObject({ children: [{ type: 'strong' }, { type: 'text', value: ' May 2, 2024' }] });
  });

  it('refuses what it cannot read, saying what to do', async () => {
    await expect(readDocument('old.doc', bytes('x'))).rejects.toThrow(
      new HindsightError('cannot read a .doc file', {
        hint: 'Word 97-2003 .doc files cannot be read: open it in Word and save it as .docx',
      }),
    );
    await expect(readDocument('empty.txt', bytes('  \n'))).rejects.toThrow('the file is empty');
    await expect(readDocument('image.txt', new Uint8Array([0x89, 0x50, 0x00, 0x47]))).rejects.toThrow('the file is not a text document');
    await expect(readDocument('broken.docx', bytes('PK not a zip'))).rejects.toThrow(/the Word file cannot be read/);
  });

  it('UTF-16 text with its byte-order mark; a Word file under another name, with a note; a zip is refused', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Title: Café down\n', 'utf16le')]);
    expect(toString((await readDocument('notepad.txt', utf16)).tree)).toBe('Title: Café down');
    const word = await readDocument('saved-as.html', makeDocx([{ style: 'Title', runs: ['Disk full'] }]));
    expect([word.format, toString(word.tree), word.notes]).toEqual([
      'docx',
      'Disk full',
      ['the file is a Word document, not .html: it was read as one'],
    ]);
    await expect(readDocument('export.zip', bytes('PK\x03\x04'))).rejects.toThrow(
      new HindsightError('cannot read a .zip file', {
        hint: 'unzip it (a Confluence HTML export is a zip of pages) and import the folder',
      }),
    );
  });

  it('Windows-1252 text, with a note', async () => {
    const doc = await readDocument('a.txt', Buffer.from('it didn\x92t', 'latin1'));
    expect(toString(doc.tree)).toBe('it didn’t');
    expect(doc.notes).toEqual(['the file is not UTF-8; it was read as Windows-1252']);
  });

  it('foreign frontmatter as metadata; unreadable YAML is a note', async () => {
    expect((await readDocument('a.md', bytes('---\ntitle: X\ndate: 2024-01-02\ntags: [a, b]\n---\nBody\n'))).metadata).toEqual({
      title: 'X',
      date: '2024-01-02',
      tags: ['a', 'b'],
    });
    // Hugo's authors as objects: their names; an object with no name is left out.
    const hugo = '---\nauthors:\n  - name: Jane Doe\n    twitter: "@jane"\n  - Sam\nauthor: { name: Lee }\nparams: { x: 1 }\n---\nBody\n';
    expect((await readDocument('a.md', bytes(hugo))).metadata).toEqual({ authors: ['Jane Doe', 'Sam'], author: 'Lee' });
    // Hugo's TOML between +++ lines; TOML that does not parse is a note.
    const toml = await readDocument(
      'a.md',
      bytes('+++\ntitle = "Slow reads"\ndate = 2023-09-14T10:00:00Z\ntags = ["storage"]\n+++\n\nBody\n'),
    );
    expect([toml.metadata, toString(toml.tree)]).toEqual([
      { title: 'Slow reads', date: '2023-09-14T10:00:00.000Z', tags: ['storage'] },
      'Body',
    ]);
    expect((await readDocument('a.md', bytes('+++\ntitle = "x\n+++\nBody\n'))).notes).toEqual([
      'the frontmatter is not valid TOML (Invalid TOML document: unfinished string); it was ignored',
    ]);
    expect((await readDocument('a.md', bytes('---\ntitle: [x\n---\nBody\n'))).notes[0]).toMatch(
      /^the frontmatter is not valid YAML \(line 2: .*\); it was ignored$/,
    );
  });
});

describe('HTML shapes', () => {
  it('Confluence storage format task lists', () => {
    expect(
      tasks(
        '<ac:task-list><ac:task><ac:task-id>1</ac:task-id><ac:task-status>complete</ac:task-status><ac:task-body>Roll back <ac:link><ri:user ri:username="jonas"></ri:user></ac:link></ac:task-body></ac:task><ac:task><ac:task-status>incomplete</ac:task-status><ac:task-body>Add a canary</ac:task-body></ac:task></ac:task-list>',
      ),
    ).toEqual([
      [true, 'Roll back @jonas'],
      [false, 'Add a canary'],
    ]);
  });

  it('a Confluence mention by account id (Cloud) names nobody: left out, with a note', () => {
    const html = readHtml(
      '<ac:task-list><ac:task><ac:task-status>incomplete</ac:task-status><ac:task-body>Add an alert <ac:link><ri:user ri:account-id="557058:abcd"></ri:user></ac:link></ac:task-body></ac:task></ac:task-list>',
    );
    expect(toString(html.tree).trim()).toBe('Add an alert');
    expect(html.notes).toEqual([
      '1 Confluence mention of a user by account id, not by name: left out, so an owner named only that way is a TODO',
    ]);
  });

  it("a Confluence export's index page is no postmortem: an error with exit code 0, so a folder import leaves it alone", () => {
    const index = '<div class="pageSection"><h2 id="index-heading" class="pageSectionTitle">Available Pages:</h2><ul><li>x</li></ul></div>';
    expect(() => readHtml(index)).toThrow(
      expect.objectContaining({ message: "a Confluence space's index page, not a postmortem", exitCode: 0 }),
    );
  });

  it('Confluence inline task lists and Notion to-do lists', () => {
    expect(
      tasks('<ul class="inline-task-list"><li data-inline-task-id="1" class="checked">A</li><li data-inline-task-id="2">B</li></ul>'),
    ).toEqual([
      [true, 'A'],
      [false, 'B'],
    ]);
    expect(
      tasks(
        '<ul class="to-do-list"><li><div class="checkbox checkbox-on"></div> <span>A</span></li><li><div class="checkbox checkbox-off"></div> <span>B</span></li></ul>',
      ),
    ).toEqual([
      [true, 'A'],
      [false, 'B'],
    ]);
  });

  it('Google Docs: bold by class or style, a title paragraph, redirect links; which system wrote it', () => {
    const doc = readHtml(
      '<html><head><style>.c1{font-weight:700}</style></head><body class="doc-content"><p class="title"><span>T</span></p><p><span class="c1">Impact</span></p><p><span style="font-weight:bold">x</span> <a href="https://www.google.com/url?q=https://example.com/a&amp;sa=D">a</a></p></body></html>',
    );
    expect(doc.source).toBe('Google Docs');
    expect(doc.tree.children).toMatchObject([
      { type: 'heading', depth: 1 },
      { type: 'paragraph', children: [{ type: 'strong' }] },
      { type: 'paragraph', children: [{ type: 'strong' }, { type: 'text' }, { type: 'link', url: 'https://example.com/a' }] },
    ]);
  });

  it('a page without a heading gets its <title>; a canonical link over http(s) is its address', () => {
    const doc = readHtml(
      '<html><head><title>Old page</title><link rel="canonical" href="https://wiki.example.com/x"></head><body><p>Text</p></body></html>',
    );
    expect(doc.tree.children[0]).toMatchObject({ type: 'heading', depth: 1, children: [{ value: 'Old page' }] });
    expect(doc.url).toBe('https://wiki.example.com/x');
    expect(
      readHtml('<html><head><link rel="canonical" href="javascript:alert(1)"></head><body><h1>T</h1></body></html>').url,
    ).toBeUndefined();
  });
});

describe('mojibake repair', () => {
  it.each([
    ['Mac Roman emoji without its lead byte', 'üßõ‚Äç‚ôÇÔ∏è', '🧛‍♂️'],
    ['Windows-1252 apostrophe', 'it isnâ€™t', 'it isn’t'],
    ['Windows-1252 quotes and dash', 'â€œquotedâ€\u009d â€” ok', '“quoted” — ok'],
    ['Windows-1252 accents', 'cafÃ© crÃ¨me', 'café crème'],
    ['Windows-1252 emoji', 'ðŸ”¥ fire', '🔥 fire'],
  ])('%s', (_name, garbled, fixed) => {
    expect(repairMojibake(garbled)).toBe(fixed);
  });
  it('leaves correct text alone', () => {
    const text = 'naïve “quotes” café’s 10°C — Zürich 🧛‍♂️';
    expect(repairMojibake(text)).toBe(text);
  });
});
