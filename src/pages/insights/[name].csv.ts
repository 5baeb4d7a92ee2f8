import type { APIContext } from 'astro';
import { staticPaths } from '../../astro/routes.ts';
import { csvText, type CsvFile } from '../../site/insights-model.ts';

/** The numbers behind each chart of /insights/, as CSV. */
export const getStaticPaths = staticPaths(({ insights }) => insights.csv.map((file) => ({ params: { name: file.name }, props: { file } })));

export function GET({ props }: APIContext<{ file: CsvFile }>) {
  return new Response(csvText(props.file), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
}
