import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';

/**
 * What Pagefind's index files say about themselves, so a build can hand Pagefind the files of
 * the previous index (search-index-fs.ts). Pagefind names each fragment, word-index chunk and
 * filter file by a short prefix of the SHA-1 of its contents, and skips writing a hashed file
 * that already exists: most of its time at 10,000 pages goes into compressing (at gzip's best
 * level) files that would come out byte for byte the same.
 *
 * Two things make a kept file unsafe to leave in place, and both are caught here: the new
 * index may no longer name it (`referencedFiles`, from the index's metadata), or it may name
 * it for other contents (two pages whose hashes share the short prefix, resolved differently
 * than last time), which `holdsItsName` finds by hashing the contents.
 */

/** The folders of the hashed files, and their extensions. */
export const HASHED = { fragment: 'pf_fragment', index: 'pf_index', filter: 'pf_filter' } as const;
const PREFIX = 'pagefind_dcd';

/** Decodes the CBOR Pagefind writes (definite or indefinite lengths; tags, floats and simple values as their raw number). */
export function decodeCbor(bytes: Uint8Array): unknown {
  let at = 0;
  const length = (info: number): number => {
    if (info < 24) return info;
    let value = 0;
    for (let i = 0; i < 1 << (info - 24); i++) value = value * 256 + bytes[at++]!;
    return value;
  };
  const item = (): unknown => {
    const head = bytes[at++]!;
    const [major, info] = [head >> 5, head & 31];
    if (info === 31) {
      const parts: unknown[] = [];
      while (bytes[at] !== 0xff) parts.push(item());
      at++;
      return major === 3 ? parts.join('') : parts;
    }
    const n = length(info);
    if (major === 0) return n;
    if (major === 1) return -1 - n;
    if (major === 2 || major === 3) {
      const slice = bytes.subarray(at, (at += n));
      return major === 3 ? new TextDecoder().decode(slice) : slice;
    }
    if (major === 4) return Array.from({ length: n }, item);
    if (major === 5) return Array.from({ length: n }, () => [item(), item()]);
    return major === 6 ? item() : n;
  };
  return item();
}

/** A file's contents after Pagefind's gzip and marker, or undefined when it is not one of its files. */
function contents(file: Uint8Array): Buffer | undefined {
  try {
    const data = gunzipSync(file);
    return data.subarray(0, PREFIX.length).toString() === PREFIX ? data.subarray(PREFIX.length) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The hashed files a `pagefind.*.pf_meta` file names, as paths relative to the index folder:
 * the pages' fragments, the word-index chunks and the filters.
 */
export function referencedFiles(meta: Uint8Array): Set<string> {
  const decoded = contents(meta);
  if (!decoded) throw new Error('not a Pagefind metadata file');
  const [, pages, chunks, filters] = decodeCbor(decoded) as [string, [string][], [string, string, string][], [string, string][]];
  return new Set([
    ...pages.map(([hash]) => `fragment/${hash}.${HASHED.fragment}`),
    ...chunks.map(([, , hash]) => `index/${hash}.${HASHED.index}`),
    ...filters.map(([, hash]) => `filter/${hash}.${HASHED.filter}`),
  ]);
}

/** Whether a hashed file's contents hash to its name (`en_1a2b3c4.pf_fragment`, say). */
export function holdsItsName(name: string, file: Uint8Array): boolean {
  const hash = /^[^_]+_([0-9a-f]+)\.pf_[a-z]+$/.exec(name)?.[1];
  const data = contents(file);
  if (!hash || !data) return false;
  // Pagefind writes each byte of the SHA-1 in hexadecimal without a leading zero.
  const full = [...createHash('sha1').update(data).digest()].map((byte) => byte.toString(16)).join('');
  return full.startsWith(hash);
}
