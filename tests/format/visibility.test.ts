import { describe, expect, it } from 'vitest';
import { isVisible, visibilityOf } from '../../src/format/visibility.ts';

describe('visibility', () => {
  it('is the one a postmortem names, else the configured default (also for a value that is not one)', () => {
    expect(visibilityOf('public', 'internal')).toBe('public');
    expect(visibilityOf('internal', 'public')).toBe('internal');
    expect(visibilityOf(undefined, 'public')).toBe('public');
    expect(visibilityOf('Public', 'internal')).toBe('internal');
    expect(visibilityOf(['public'], 'internal')).toBe('internal');
  });

  it('a production build shows published postmortems only; a preview shows every status', () => {
    expect(isVisible('published', false)).toBe(true);
    expect(isVisible('draft', false)).toBe(false);
    expect(isVisible('draft', true)).toBe(true);
  });
});
