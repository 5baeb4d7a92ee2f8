/** The table `npm run import` ends with: one row per file, what happened to it and what is left to do. */

import { plural } from '../../format/words.ts';
import { escapeControls } from '../../format/characters.ts';

export interface SummaryRow {
  file: string;
  /** "left alone": a file that is no postmortem (a Confluence export's index page). */
  result: 'written' | 'would write' | 'skipped' | 'failed' | 'left alone';
  /** The postmortem written (or that would be), or why not. */
  detail: string;
  /** What is left TODO in it. */
  todos: readonly string[];
}

/** The rows as an aligned text table, with a count line under it; control characters in names are shown escaped. */
export function summaryTable(rows: readonly SummaryRow[]): string {
  const cells = [
    ['File', 'Result', 'Postmortem, or why not', 'Left TODO'],
    ...rows.map((r) => [r.file, r.result, r.detail, r.todos.join(', ') || '-'].map(escapeControls)),
  ];
  const widths = cells[0]!.map((_c, i) => Math.min(60, Math.max(...cells.map((row) => row[i]!.length))));
  const line = (row: string[]) =>
    row
      .map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const count = (result: SummaryRow['result']) => rows.filter((r) => r.result === result).length;
  const totals = [
    `${plural(rows.length, 'file')}:`,
    count('would write') ? `${count('would write')} would be written (dry run),` : `${count('written')} written,`,
    `${count('skipped')} skipped,`,
    `${count('failed')} failed${count('left alone') ? `, ${count('left alone')} left alone (not postmortems)` : ''}.`,
  ];
  return [line(cells[0]!), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line), '', totals.join(' ')].join('\n');
}
