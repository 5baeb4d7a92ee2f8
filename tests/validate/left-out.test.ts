import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { countTemplates } from '../../src/validate/left-out-fs.ts';
import { leftOutNote } from '../../src/validate/left-out.ts';
import { FIXTURES } from '../helpers/build.ts';

/** The line a build prints about the postmortems it did not publish. */

describe('leftOutNote', () => {
  it('counts drafts and postmortems in review, and says how to see them', () => {
    expect(leftOutNote(['published', 'draft', 'in-review', 'draft'], false)).toBe(
      'left out 2 drafts, 1 in review (only published postmortems are built: use --drafts to preview them)',
    );
    expect(leftOutNote(['in-review'], false)).toBe(
      'left out 1 in review (only published postmortems are built: use --drafts to preview it)',
    );
  });

  it('counts templates, which no build publishes, even in a preview', () => {
    expect(leftOutNote(['draft'], false, 1)).toBe(
      'left out 1 draft (only published postmortems are built: use --drafts to preview it), 1 template (names starting with _)',
    );
    expect(leftOutNote(['draft'], true, 2)).toBe('left out 2 templates (names starting with _)');
  });

  it('counts the templates of a content folder', () => {
    expect(countTemplates(path.join(FIXTURES, 'basic'))).toBe(1);
    expect(countTemplates(path.join(FIXTURES, 'authoring'))).toBe(0);
  });

  it('says nothing when nothing was left out', () => {
    expect(leftOutNote(['published'], false)).toBeUndefined();
    expect(leftOutNote([], false)).toBeUndefined();
    expect(leftOutNote(['draft', 'in-review'], true)).toBeUndefined();
  });
});
