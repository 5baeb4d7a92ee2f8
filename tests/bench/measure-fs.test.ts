import { describe, expect, it } from 'vitest';
import { measure, processLabel, statusMemory } from '../../src/bench/measure-fs.ts';

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

describe('statusMemory', () => {
  it("reads a process's size now and its peak from /proc/<pid>/status, and 0 for a kernel thread's", () => {
    const status = 'Name:\tpagefind_extended\nVmPeak:\t 900000 kB\nVmHWM:\t  204800 kB\nVmRSS:\t   10240 kB\nRssAnon:\t 5000 kB\n';
    expect(statusMemory(status)).toEqual({ bytes: 10240 * 1024, peakBytes: 204800 * 1024 });
    expect(statusMemory('Name:\tkthreadd\nState:\tS (sleeping)\n')).toEqual({ bytes: 0, peakBytes: 0 });
  });
});

describe('measure, a peak between samples', () => {
  it("reports a process's own high-water mark, not the largest size a sample happened to see", async () => {
    // 200 MB touched and given back within a few milliseconds, then 0.3 s of sleep: samples 50 ms apart
    // mostly see the small process, so only the kernel's high-water mark shows the peak.
    const script = 'let b = Buffer.alloc(200e6, 1); b = null; globalThis.gc(); setTimeout(() => {}, 300);';
    const m = await measure(process.execPath, ['--expose-gc', '-e', script], { cwd: '.', env: process.env });
    expect(m.code).toBe(0);
    expect(m.byProcess.node).toBeGreaterThan(200e6);
    expect(m.largestProcessBytes).toBe(m.byProcess.node);
  });
});
