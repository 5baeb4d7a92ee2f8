import { describe, expect, it } from 'vitest';
import { leftOutNote } from '../src/lib/left-out.ts';

/** The line a build prints about the postmortems it did not publish. */

describe('leftOutNote', () => {
  it('counts drafts and postmortems in review, and says how to see them', () => {
    expect(leftOutNote(['published', 'draft', 'in-review', 'draft'], false)).toBe('left out 2 drafts, 1 in review (only published postmortems are built: use --drafts to preview them)');
    expect(leftOutNote(['in-review'], false)).toBe('left out 1 in review (only published postmortems are built: use --drafts to preview it)');
  });

  it('says nothing when nothing was left out', () => {
    expect(leftOutNote(['published'], false)).toBeUndefined();
    expect(leftOutNote([], false)).toBeUndefined();
    expect(leftOutNote(['draft', 'in-review'], true)).toBeUndefined();
  });
});
