import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/io.ts';
import { run as runNew } from '../../src/cli/new.ts';
import { copyFixture, ROOT } from '../helpers/authoring.ts';
import { postmortemFiles } from '../helpers/project.ts';

/** `npm run new` reads zone abbreviations as `npm run import` does, and files a postmortem where the archive keeps its others. */

const folders: string[] = [];
afterAll(() => folders.forEach((f) => fs.rmSync(f, { recursive: true, force: true })));

function sampleCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-new-'));
  folders.push(dir);
  fs.cpSync(path.join(ROOT, 'examples/sample-archive'), dir, { recursive: true });
  return dir;
}

async function newIn(contentDir: string, args: string[]): Promise<{ code: number; text: string }> {
  const lines: string[] = [];
  const io: Io = { out: (t) => lines.push(t), err: (t) => lines.push(t) };
  const code = await runNew(
    ['--title', 'Checkout timed out', '--severity', 'SEV3', '--service', 'checkout', '--root-cause', 'deploy', '--yes', ...args],
    { HINDSIGHT_CONTENT_DIR: contentDir },
    io,
    { interactive: false, cwd: contentDir },
  );
  return { code, text: lines.join('\n') };
}

describe('npm run new', () => {
  it('reads a zone abbreviation as its zone, with the offset of the incident date', async () => {
    const dir = sampleCopy();
    expect((await newIn(dir, ['--timezone', 'PST', '--started', '2025-07-01 09:00'])).code).toBe(0);
    expect((await newIn(dir, ['--title', 'Checkout timed out again', '--timezone', 'cet', '--started', '2025-01-15 09:00'])).code).toBe(0);
    const summer = fs.readFileSync(path.join(dir, 'postmortems/2025/2025-07-01-checkout-timed-out.mdx'), 'utf8');
    expect(summer).toContain('started: "2025-07-01T09:00:00-07:00"\ntimezone: America/Los_Angeles\n');
    const winter = fs.readFileSync(path.join(dir, 'postmortems/2025/2025-01-15-checkout-timed-out-again.mdx'), 'utf8');
    expect(winter).toContain('started: "2025-01-15T09:00:00+01:00"\ntimezone: Europe/Berlin\n');
  });

  it("says how it read an abbreviation, and when its own offset is not the zone's that day", async () => {
    const dir = sampleCopy();
    const summer = await newIn(dir, ['--timezone', 'PST', '--started', '2025-07-01 09:00']);
    expect(summer.text).toContain(
      '--timezone PST read as America/Los_Angeles (UTC-07:00 on 2025-07-01): PST means UTC-8, but America/Los_Angeles was on UTC-07:00 that day, so the time was read as local time there',
    );
    const tokyo = await newIn(dir, ['--title', 'Tokyo', '--timezone', 'JST', '--started', '2025-07-01 09:00']);
    expect(tokyo.text).toContain('--timezone JST read as Asia/Tokyo (UTC+09:00 on 2025-07-01)');
    expect(tokyo.text).not.toContain('local time there');
    const named = await newIn(dir, ['--title', 'Berlin', '--timezone', 'Europe/Berlin', '--started', '2025-07-01 09:00']);
    expect(named.text).not.toContain('read as');
  });

  it('takes the generic names import takes: PT, ET, "Pacific Time", "Eastern Standard Time"', async () => {
    const dir = sampleCopy();
    const cases = [
      ['PT', 'America/Los_Angeles', '-07:00'],
      ['et', 'America/New_York', '-04:00'],
      ['Pacific Time', 'America/Los_Angeles', '-07:00'],
      ['Eastern Standard Time', 'America/New_York', '-04:00'],
      ['Central time', 'America/Chicago', '-05:00'],
    ] as const;
    for (const [written, zone, offset] of cases) {
      const result = await newIn(dir, ['--title', `Generic ${written}`, '--timezone', written, '--started', '2025-07-01 09:00']);
      expect(result.code, result.text).toBe(0);
      const slug = `2025-07-01-generic-${written.toLowerCase().replace(/ /g, '-')}`;
      expect(fs.readFileSync(path.join(dir, `postmortems/2025/${slug}.mdx`), 'utf8')).toContain(
        `started: "2025-07-01T09:00:00${offset}"\ntimezone: ${zone}\n`,
      );
    }
  });

  it('still refuses what is neither a zone nor an abbreviation, and says abbreviations are welcome', async () => {
    for (const written of ['XYZ', 'Pacific', 'Central Europe Time']) {
      const result = await newIn(sampleCopy(), ['--timezone', written, '--started', '2025-07-01 09:00']);
      expect(result.code).toBe(1);
      expect(result.text).toContain(
        `new: --timezone: "${written}" is not a time zone: use an IANA name such as Europe/Berlin or America/Los_Angeles, or an abbreviation such as CET, PST or PT`,
      );
    }
  });

  it('files into the year folder when the archive has year folders, into --dir when given', async () => {
    const dir = sampleCopy();
    expect((await newIn(dir, ['--timezone', 'UTC', '--started', '2027-02-01 10:00'])).code).toBe(0);
    expect(
      (await newIn(dir, ['--title', 'Payments team incident', '--dir', 'payments', '--timezone', 'UTC', '--started', '2027-02-02 10:00']))
        .code,
    ).toBe(0);
    const added = postmortemFiles(dir).filter((f) => f.includes('2027-'));
    expect(added).toEqual(['2027/2027-02-01-checkout-timed-out.mdx', 'payments/2027-02-02-payments-team-incident.mdx']);
  });

  it('starts year folders in an empty archive (as init leaves it: a .gitkeep, a template)', async () => {
    const dir = sampleCopy();
    fs.rmSync(path.join(dir, 'postmortems'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'postmortems'));
    fs.writeFileSync(path.join(dir, 'postmortems/.gitkeep'), '');
    fs.writeFileSync(path.join(dir, 'postmortems/_template.mdx'), '');
    expect((await newIn(dir, ['--timezone', 'UTC', '--started', '2026-11-02 10:00'])).code).toBe(0);
    expect(postmortemFiles(dir).filter((f) => !f.includes('_template'))).toEqual(['2026/2026-11-02-checkout-timed-out.mdx']);
  });

  it('files into postmortems/ itself when the archive has no year folders', async () => {
    const dir = copyFixture('authoring');
    folders.push(dir);
    const before = postmortemFiles(dir);
    const result = await runNew(
      [
        '--title',
        'Search slow again',
        '--severity',
        'SEV3',
        '--service',
        'api-server',
        '--root-cause',
        'memory-leak',
        '--started',
        '2025-03-01T10:00:00Z',
        '--yes',
      ],
      { HINDSIGHT_CONTENT_DIR: dir },
      { out: () => {}, err: () => {} },
      { interactive: false, cwd: dir },
    );
    expect(result).toBe(0);
    expect(postmortemFiles(dir).filter((f) => !before.includes(f))).toEqual(['2025-03-01-search-slow-again.mdx']);
  });
});
