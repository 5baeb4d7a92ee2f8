import { describe, expect, it } from 'vitest';
import { measure, processLabel } from '../../src/bench/measure-fs.ts';

/** How the benchmark tells the build's processes apart, and their peaks. */

describe('processLabel', () => {
  it('names a Node process by its script, skipping preloads, and anything else by its program', () => {
    expect(
      processLabel(['/usr/bin/node', '--import', 'file:///x/die-with-parent.ts', '/p/node_modules/astro/bin/astro.mjs', 'build']),
    ).toBe('astro');
    expect(processLabel(['node', '--max-old-space-size=512', 'src/cli/validate.ts', '--snapshot', 'a.json'])).toBe('validate');
    expect(processLabel(['/p/node_modules/@pagefind/linux-x64/bin/pagefind_extended', '--site', 'dist'])).toBe('pagefind_extended');
    expect(processLabel(['node'])).toBe('node');
    expect(processLabel([])).toBe('?');
  });
});

describe('measure', () => {
  it('measures each process of a tree under its own name', async () => {
    const m = await measure(process.execPath, ['-e', "require('node:child_process').execFileSync('sleep', ['0.3'])"], {
      cwd: '.',
      env: process.env,
    });
    expect(m.code).toBe(0);
    expect(Object.keys(m.byProcess).sort()).toEqual(['node', 'sleep']);
    expect(m.largestProcessBytes).toBe(Math.max(...Object.values(m.byProcess)));
  });
});
