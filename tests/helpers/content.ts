import { stringify } from 'yaml';
import type { ContentInput, SourceFile } from '../../src/validate/validate.ts';

/** In-memory content folders for validator tests: no disk, exact inputs. */

export const REGISTRIES = {
  services: { path: 'content/services.yaml', text: '- id: api-server\n  name: API server\n- id: checkout-api\n  name: Checkout API\n' },
  rootCauses: { path: 'content/root-causes.yaml', text: '- id: memory-leak\n  name: Memory leak\n- id: deploy\n  name: Deploy\n' },
  severities: {
    path: 'content/severities.yaml',
    text: '- id: SEV1\n  name: Critical\n- id: SEV2\n  name: Major\n- id: SEV3\n  name: Minor\n- id: SEV4\n  name: Low\n',
  },
};

export const VALID_BODY = `## Root cause and resolution

The auth library leaked memory; restarting the servers and upgrading it fixed it.

## Lessons learned

Watch memory.
`;

/** A valid published postmortem's frontmatter. */
export function validFrontmatter(): Record<string, unknown> {
  return {
    title: 'API server memory leak',
    summary: 'A memory leak made the API unresponsive.',
    status: 'published',
    severity: 'SEV3',
    started: '2024-06-06T09:00:00+03:00',
    detected: '2024-06-06T09:05:00+03:00',
    mitigated: '2024-06-06T11:15:00+03:00',
    resolved: '2024-06-06T11:30:00+03:00',
    timezone: 'Africa/Nairobi',
    services: ['api-server'],
    rootCauses: ['memory-leak'],
    impact: { description: 'About 40% of users saw errors.', usersAffected: 40, customerFacing: true },
    timeline: [
      { at: '09:00', event: 'Alerts fired.', kind: 'detected' },
      { at: '11:30', event: 'Restored.', kind: 'resolved' },
    ],
  };
}

export function fileText(frontmatter: Record<string, unknown>, body = VALID_BODY): string {
  return `---\n${stringify(frontmatter)}---\n\n${body}`;
}

export function source(relPath: string, text: string): SourceFile {
  return { path: `content/postmortems/${relPath}`, relPath, text };
}

export function input(files: SourceFile[], extra: Partial<ContentInput> = {}): ContentInput {
  return { registries: REGISTRIES, postmortems: files, defaultTimezone: 'UTC', ...extra };
}
