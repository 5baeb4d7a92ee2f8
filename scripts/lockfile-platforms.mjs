#!/usr/bin/env node
// Adds to package-lock.json the platform-specific optional packages (other operating systems and
// CPUs) that npm leaves out of the lock on this machine, where the registry mirror serves only
// the Linux ones. `npm ci` checks every optional dependency against the lock, and fails when
// one is missing; with an entry that names its os/cpu, it accepts the lock and skips the package
// on platforms it does not fit. Run it after `npm install` changes the lock:
//   node scripts/lockfile-platforms.mjs           (fixes the lock)
//   node scripts/lockfile-platforms.mjs --check   (exit 1 if the lock needs fixing; tests run it)
import fs from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const packages = lock.packages;

const OS = ['darwin', 'linux', 'win32', 'freebsd', 'android', 'openbsd', 'netbsd', 'sunos', 'aix', 'openharmony', 'wasi'];
const CPU = ['arm64', 'x64', 'arm', 'ia32', 'riscv64', 'ppc64', 's390x', 'loong64', 'wasm32', 'mips64el'];

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((p) => OS.includes(p) || p === 'windows');
  const cpu = parts.find((p) => CPU.includes(p) || p === 'universal' || p === 'arm64ec');
  const libc = parts.includes('musl') ? 'musl' : parts.includes('gnu') ? 'glibc' : undefined;
  if (!os && !cpu) return undefined;
  return {
    ...(os && os !== 'wasi' ? { os: [os === 'windows' ? 'win32' : os] } : {}),
    ...(cpu && cpu !== 'universal' ? { cpu: [cpu === 'arm64ec' ? 'arm64' : cpu] } : {}),
    ...(libc ? { libc: [libc] } : {}),
  };
}

let added = 0;
for (const [location, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${location ? `${location}/` : ''}node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (packages[nested] || packages[hoisted]) continue;
    const platform = platformOf(name);
    if (!platform) continue;
    packages[hoisted] = { version, ...(entry.dev ? { dev: true } : {}), optional: true, ...platform };
    added++;
  }
}
if (process.argv.includes('--check')) {
  if (added)
    console.error(
      `lockfile-platforms: package-lock.json lacks ${added} platform-specific optional packages, so \`npm ci\` would fail: run node scripts/lockfile-platforms.mjs`,
    );
  process.exit(added ? 1 : 0);
}
const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)));
lock.packages = sorted;
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lockfile-platforms: added ${added} platform-specific optional packages`);
