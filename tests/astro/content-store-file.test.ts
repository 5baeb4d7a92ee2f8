import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { contentStoreFromFile, storeModuleCode } from '../../src/astro/content-store-file.ts';

/** The content store read from its file by the prerender, instead of inlined into the bundle. */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-store-file-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs the module code as the prerender would import it. */
async function evaluate(code: string, name: string): Promise<unknown> {
  const file = path.join(dir, `${name}.mjs`);
  fs.writeFileSync(file, code);
  return ((await import(pathToFileURL(file).href)) as { default: unknown }).default;
}

interface Plugin {
  transform: { filter: { id: RegExp }; handler: (code: string, id: string) => { code: string } | undefined };
}

/** The Vite plugins the integration adds for `command`. */
function pluginsFor(command: string, experimental: Record<string, unknown> = {}): Plugin[] {
  const added: Plugin[] = [];
  const setup = contentStoreFromFile().hooks['astro:config:setup'] as unknown as (options: unknown) => void;
  setup({
    command,
    config: { cacheDir: pathToFileURL(`${dir}/cache/`), experimental },
    updateConfig: (config: { vite: { plugins: Plugin[] } }) => added.push(...config.vite.plugins),
  });
  return added;
}

describe('content store from its file', () => {
  it('exports the parsed store, the same value Astro’s inlined module gives', async () => {
    const store = path.join(dir, 'data-store.json');
    const value = [['Map', 1, 2], 'postmortems', { title: 'Ünïcode "quoted" \\ text' }];
    fs.writeFileSync(store, JSON.stringify(value));
    expect(await evaluate(storeModuleCode(store), 'present')).toEqual(value);
  });

  it('exports an empty store when Astro wrote none, as Astro does', async () => {
    expect(await evaluate(storeModuleCode(path.join(dir, 'absent.json')), 'absent')).toEqual(new Map());
  });

  it('replaces only the store module, in a build, for the store file of its cache folder', () => {
    const [plugin, ...more] = pluginsFor('build');
    expect(more).toEqual([]);
    const store = '\0astro:data-layer-content';
    expect(plugin!.transform.filter.id.test(store)).toBe(true);
    expect(plugin!.transform.filter.id.test('\0astro:data-layer-content-chunk:0123456789abcdef.txt')).toBe(false);
    expect(plugin!.transform.handler('export default JSON.parse("[]")', store)?.code).toBe(
      storeModuleCode(path.join(dir, 'cache', 'data-store.json')),
    );
    expect(plugin!.transform.handler('export default 1', '/src/pages/index.astro')).toBeUndefined();
  });

  it('leaves the dev server and Astro’s chunked storage alone', () => {
    expect(pluginsFor('dev')).toEqual([]);
    expect(pluginsFor('build', { collectionStorage: 'chunked' })).toEqual([]);
    expect(pluginsFor('build', { collectionStorage: 'single-file' })).toHaveLength(1);
  });
});
