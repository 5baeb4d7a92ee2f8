import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeCbor, holdsItsName, referencedFiles } from '../../src/build/search-index.ts';

/** Reading Pagefind's own files: its CBOR metadata, and whether a file holds what its name says. */

const pagefindFile = (contents: Uint8Array) => gzipSync(Buffer.concat([Buffer.from('pagefind_dcd'), contents]));

/** A minimal CBOR text string (under 24 bytes) and array head. */
const text = (s: string) => Buffer.concat([Buffer.from([0x60 + s.length]), Buffer.from(s)]);
const array = (...items: Buffer[]) => Buffer.concat([Buffer.from([0x80 + items.length]), ...items]);

describe('decodeCbor', () => {
  it('reads the types Pagefind writes', () => {
    // [0, 23, 24, 500, -1, h'0102', "é", [1], {1: 2}, indefinite ["a", "b"], tag 1 (2)]
    const bytes = Buffer.from([
      0x8b, 0x00, 0x17, 0x18, 0x18, 0x19, 0x01, 0xf4, 0x20, 0x42, 0x01, 0x02, 0x62, 0xc3, 0xa9, 0x81, 0x01, 0xa1, 0x01, 0x02, 0x9f, 0x61,
      0x61, 0x61, 0x62, 0xff, 0xc1, 0x02,
    ]);
    expect(decodeCbor(new Uint8Array(bytes))).toEqual([0, 23, 24, 500, -1, new Uint8Array([1, 2]), 'é', [1], [[1, 2]], ['a', 'b'], 2]);
  });
});

describe('referencedFiles', () => {
  it('lists the fragments, word-index chunks and filters a metadata file names', () => {
    const meta = array(
      text('1.6.0'),
      array(array(text('en_aaaaaaa'), Buffer.from([0x05])), array(text('en_bbbbbbbb'), Buffer.from([0x06]))),
      array(array(text('a'), text('m'), text('en_ccccccc'))),
      array(array(text('service'), text('en_ddddddd'))),
      array(),
    );
    expect([...referencedFiles(pagefindFile(meta))].sort()).toEqual([
      'filter/en_ddddddd.pf_filter',
      'fragment/en_aaaaaaa.pf_fragment',
      'fragment/en_bbbbbbbb.pf_fragment',
      'index/en_ccccccc.pf_index',
    ]);
    expect(() => referencedFiles(Buffer.from('not gzip'))).toThrow(/not a Pagefind metadata file/);
  });
});

describe('holdsItsName', () => {
  const contents = Buffer.from('{"url":"/postmortems/x/","content":"replica lag"}');
  // Pagefind's hexadecimal: each byte without a leading zero.
  const hash = [...createHash('sha1').update(contents).digest()].map((b) => b.toString(16)).join('');

  it('is true for a file whose contents hash to its name, short or lengthened after a collision', () => {
    expect(holdsItsName(`en_${hash.slice(0, 7)}.pf_fragment`, pagefindFile(contents))).toBe(true);
    expect(holdsItsName(`en_${hash.slice(0, 9)}.pf_fragment`, pagefindFile(contents))).toBe(true);
  });

  it('is false for other contents, a file that is not Pagefind’s, or another name', () => {
    expect(holdsItsName(`en_${hash.slice(0, 7)}.pf_fragment`, pagefindFile(Buffer.from('other')))).toBe(false);
    expect(holdsItsName(`en_${hash.slice(0, 7)}.pf_fragment`, gzipSync(contents))).toBe(false);
    expect(holdsItsName(`en_${hash.slice(0, 7)}.pf_fragment`, Buffer.from('truncated'))).toBe(false);
    expect(holdsItsName('pagefind.js', pagefindFile(contents))).toBe(false);
  });
});
