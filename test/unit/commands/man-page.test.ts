// The man pages are generated from the command tree: the committed ones must match it, render without
// groff warnings, and document every verb and flag.
import { execa } from 'execa';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliContext } from '../../../src/commands/context.js';
import { manPages } from '../../../src/commands/man-page.js';
import { buildProgram } from '../../../src/commands/program.js';
import { VERSION } from '../../../src/core/version.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const program = () => buildProgram(new CliContext({ stdout: () => {}, stderr: () => {}, env: {}, isTTY: false }));

describe('man pages', () => {
  const pages = manPages(program(), VERSION);

  it('match the committed ones under man/ (regenerate with `npm run man`)', () => {
    expect(readdirSync(join(ROOT, 'man/man1')).sort()).toEqual([...pages.keys()].map((k) => k.replace('man1/', '')).sort());
    for (const [name, text] of pages) expect(readFileSync(join(ROOT, 'man', name), 'utf8'), name).toBe(text);
  });

  it('render with no groff warnings', async () => {
    for (const name of pages.keys()) {
      const r = await execa('groff', ['-man', '-ww', '-z', join(ROOT, 'man', name)], { reject: false });
      expect(r.stderr, name).toBe('');
      expect(r.exitCode, name).toBe(0);
    }
  });

  it('document every verb and every flag of its noun, with choices and examples', async () => {
    const r = await execa('man', ['-l', join(ROOT, 'man/man1/evpnctl-route.1')], { env: { MANWIDTH: '200', MAN_KEEP_FORMATTING: '' } });
    const text = r.stdout.replace(/.\x08/g, ''); // eslint-disable-line no-control-regex
    for (const flag of ['--vni <N>', '--type <1..5>', '--mac <MAC>', '--ip <IP>', '--neighbor <ADDRESS>', '--rd <RD>', '--vtep <IP>']) expect(text).toContain(flag);
    expect(text).toMatch(/evpnctl route show <MAC\|IP>/);
    expect(text).toContain('evpnctl route list --vni 10 --type 2');
    const daemon = await execa('man', ['-l', join(ROOT, 'man/man1/evpnctl-daemon.1')], { env: { MANWIDTH: '200' } });
    expect(daemon.stdout.replace(/.\x08/g, '')).toMatch(/--log-format <F>\s+text, or json.*\(one of: text, json\) Default: text\./s); // eslint-disable-line no-control-regex
    const main = readFileSync(join(ROOT, 'man/man1/evpnctl.1'), 'utf8');
    for (const noun of ['speaker', 'neighbor', 'network', 'client', 'route', 'mac', 'status', 'daemon']) expect(main).toContain(`\\fBevpnctl\\-${noun}\\fR(1)`);
  });
});
