import { Document, isScalar, Scalar, visit } from 'yaml';

/** YAML for a new file's frontmatter (`npm run new`, `npm run import`): times and datetimes quoted, so no YAML reader can turn them into numbers or dates. */
export function frontmatterYaml(data: Record<string, unknown>): string {
  const doc = new Document(data);
  visit(doc, {
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === 'string' && /^\d{1,2}:\d{2}$|^\d{4}-\d{2}-\d{2}T/.test(node.value))
        node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return doc.toString({ lineWidth: 0 });
}
