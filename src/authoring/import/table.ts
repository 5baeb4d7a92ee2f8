import type { Table, TableCell } from 'mdast';
import { toString } from 'mdast-util-to-string';

/** A table read by its header: which column holds what, found by the header's words. */

export interface ReadTable {
  /** The header cells in lower case, for matching. */
  header: string[];
  /** The header cells as written. */
  written: string[];
  rows: TableCell[][];
  /** The index of the first column whose header matches, or -1. */
  column(pattern: RegExp): number;
}

/** A table's header and rows. */
export function readTable(table: Table): ReadTable {
  const [head, ...rows] = table.children;
  const written = (head?.children ?? []).map((c) => toString(c).trim());
  const header = written.map((h) => h.toLowerCase());
  return { header, written, rows: rows.map((r) => r.children), column: (pattern) => header.findIndex((h) => pattern.test(h)) };
}

/** A cell's plain text. */
export const cellText = (cell: TableCell | undefined) => (cell ? toString(cell).trim() : '');
