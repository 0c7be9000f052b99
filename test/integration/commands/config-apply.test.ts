// `config show` prints the running config as evpnctl commands; `config apply` makes a daemon's config
// what a file says, idempotently, showing the difference, changing nothing under --dry-run, changing
// settings in place through the `set` requests, and refusing (with nothing changed) what `set` cannot
// change (an object's identity) or an unconfirmed speaker identity change. A second, empty daemon rebuilt
// from `config show` shows the same config.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigView } from '../../../src/core/model/views.js';
import { TestDaemon } from '../../support/evpnctl.js';

const SETUP = [
  ['speaker', 'add', '--as', '65000', '--router-id', '192.0.2.1', '--listen-port', '1179'],
  ['neighbor', 'add', '192.0.2.7', '--remote-as', '65000', '--passive', '--hold-time', '30'],
  ['neighbor', 'add', '2001:db8::9', '--remote-as', '65001', '--ebgp-multihop', '2'],
  ['network', 'add', '--vni', '10', '--logical-switch', 'ls10', '--no-flood-unknown'],
  ['network', 'add', '--vni', '20', '--network-id', '7d29da33-5d12-4c04-95de-1672709ae946', '--rd', '65000:20', '--import-rt', '65001:20', '--export-rt', '65000:20'],
  ['client', 'add', '--vni', '10', '--port', 'vm1', '--mac', '02:ac:10:ff:00:22', '--ip', '10.0.0.22'],
];

describe('config show / config apply', () => {
  let a: TestDaemon;
  let b: TestDaemon;
  let shown = '';
  const file = (name: string, text: string) => {
    const path = join(a.dir, name);
    writeFileSync(path, text);
    return path;
  };

  beforeAll(async () => {
    [a, b] = await Promise.all([new TestDaemon().start(), new TestDaemon().start()]);
    for (const args of SETUP) {
      const r = await a.cli(...args);
      expect(r.exitCode, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
  });

  afterAll(async () => {
    await Promise.all([a?.dispose(), b?.dispose()]);
  });

  it('prints the running config as the commands that made it, defaults left out', async () => {
    const r = await a.cli('config', 'show');
    expect(r.exitCode).toBe(0);
    shown = r.stdout;
    expect(shown.split('\n').filter((l) => !l.startsWith('#'))).toEqual(SETUP.map((args) => `evpnctl ${args.join(' ')}`));
  });

  it('applies nothing when the file is the running config (idempotent)', async () => {
    const r = await a.cli('config', 'apply', file('same.conf', shown));
    expect(r).toMatchObject({ exitCode: 0, stdout: expect.stringMatching(/^no changes: the running config matches/) });
  });

  it('rebuilds the same config on an empty daemon', async () => {
    const r = await b.cli('config', 'apply', file('rebuild.conf', shown));
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('+'))).toHaveLength(SETUP.length);
    expect((await b.cli('config', 'show')).stdout).toBe(shown);
    expect((await b.cli('config', 'apply', file('rebuild.conf', shown))).stdout).toMatch(/^no changes/);
  });

  it('shows the difference under --dry-run and changes nothing, then applies it', async () => {
    const edited = `${shown.replace(/^evpnctl neighbor add 2001:db8::9 .*$/m, '# removed: 2001:db8::9')}
evpnctl network add --vni 30 --logical-switch ls30   # a new one
evpnctl client add --vni 30 --port vm3 --mac 02:ac:10:ff:00:33
`;
    const path = file('edited.conf', edited);
    const before = (await a.cli('--json', 'config', 'show')).stdout;
    const dry = await a.cli('config', 'apply', '--dry-run', path);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout.split('\n')).toEqual([
      '- evpnctl neighbor del 2001:db8::9',
      '+ evpnctl network add --vni 30 --logical-switch ls30',
      '+ evpnctl client add --vni 30 --port vm3 --mac 02:ac:10:ff:00:33',
      '3 changes, nothing applied',
    ]);
    expect((await a.cli('--json', 'config', 'show')).stdout).toBe(before);
    const r = await a.cli('config', 'apply', path);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/3 changes applied$/);
    const cfg = JSON.parse((await a.cli('--json', 'config', 'show')).stdout) as ConfigView;
    expect(cfg.neighbors.map((n) => n.address)).toEqual(['192.0.2.7']);
    expect(cfg.networks.map((n) => n.vni)).toEqual([10, 20, 30]);
    expect((await a.cli('config', 'apply', path)).stdout).toMatch(/^no changes/);
    shown = (await a.cli('config', 'show')).stdout;
  });

  it('changes settings of an existing object in place with the set requests, and is idempotent after', async () => {
    const changed = `${shown.replace('--hold-time 30', '--hold-time 60').replace('--rd 65000:20 ', '')}\nevpnctl network add --vni 40 --logical-switch ls40\n`;
    const path = file('changed.conf', changed);
    const dry = JSON.parse((await a.cli('--json', 'config', 'apply', '--dry-run', path)).stdout) as { changes: { op: string; key: string; fields?: string[] }[]; applied: number };
    expect(dry.changes.map((c) => [c.op, c.key])).toEqual([['set', '192.0.2.7'], ['set', '20'], ['add', '40']]);
    expect(dry.applied).toBe(0);
    const r = await a.cli('config', 'apply', path);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('! evpnctl neighbor add 192.0.2.7 --remote-as 65000 --passive --hold-time 60\n    holdTime: 30 -> 60\n    in place: evpnctl neighbor set 192.0.2.7 --hold-time 60');
    expect(r.stdout).toContain('    rd: "65000:20" -> null\n    in place: evpnctl network set --vni 20 --rd auto');
    expect(r.stdout).toMatch(/3 changes applied$/);
    const cfg = JSON.parse((await a.cli('--json', 'config', 'show')).stdout) as ConfigView;
    expect(cfg.neighbors.find((n) => n.address === '192.0.2.7')?.holdTime).toBe(60);
    expect(cfg.networks.find((n) => n.vni === 20)?.rd).toBeUndefined();
    expect(cfg.networks.map((n) => n.vni)).toEqual([10, 20, 30, 40]);
    expect((await a.cli('config', 'apply', path)).stdout).toMatch(/^no changes/);
    shown = (await a.cli('config', 'show')).stdout;
  });

  it('refuses, changing nothing, what set cannot change in place: a network\'s switch, and a speaker AS change without --yes', async () => {
    const before = (await a.cli('--json', 'config', 'show')).stdout;
    const moved = file('moved.conf', shown.replace('--logical-switch ls40', '--logical-switch ls41').replace('--hold-time 60', '--hold-time 90'));
    const r = await a.cli('config', 'apply', moved);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('logicalSwitch: "ls40" -> "ls41"\n    cannot be changed in place');
    expect(r.stderr).toMatch(/nothing applied: network 40 cannot be changed in place/);
    expect((await a.cli('--json', 'config', 'show')).stdout).toBe(before);

    const as = file('as.conf', shown.replace('speaker add --as 65000', 'speaker add --as 65002'));
    const refused = await a.cli('config', 'apply', as);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/AS, router id or VTEP changes, which resets every session: run again with --yes/);
    expect((await a.cli('--json', 'config', 'show')).stdout).toBe(before);
    const done = await a.cli('config', 'apply', '--yes', as);
    expect(done.exitCode, done.stderr).toBe(0);
    expect(done.stdout).toContain('in place: evpnctl speaker set --as 65002 --yes');
    const cfg = JSON.parse((await a.cli('--json', 'config', 'show')).stdout) as ConfigView;
    expect(cfg.speaker?.asn).toBe(65002);
    expect(cfg.neighbors).toHaveLength(1);
    expect(cfg.networks).toHaveLength(4);
    shown = (await a.cli('config', 'show')).stdout;
  });

  it('refuses a file without the speaker (deleting it would remove everything), changing nothing', async () => {
    const before = (await a.cli('--json', 'config', 'show')).stdout;
    const r = await a.cli('config', 'apply', file('nospeaker.conf', shown.replace(/^evpnctl speaker add .*$/m, '')));
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('- evpnctl speaker del');
    expect(r.stderr).toMatch(/nothing applied: the file has no speaker, and deleting it removes every neighbor, network and client/);
    expect((await a.cli('--json', 'config', 'show')).stdout).toBe(before);
  });

  it('refuses bad files with the line and the reason, before touching the daemon', async () => {
    const cases: [string, RegExp][] = [
      ['evpnctl network del 10\n', /bad\.conf:1: expected an `evpnctl speaker\|neighbor\|network\|client add \.\.\.` command/],
      ['\n\nevpnctl neighbor add 192.0.2.8 --remote-as 7000000000\n', /bad\.conf:3: .*remote-as/],
      ['evpnctl client add --vni 10 --port vm1\n', /bad\.conf:1: a client in a config file needs --mac/],
      ['evpnctl network add --vni 10 --logical-switch a\nevpnctl network add --vni 10 --logical-switch b\n', /bad\.conf:2: VNI 10 is added twice/],
      ["evpnctl network add --vni 10 --logical-switch 'ls\n", /bad\.conf:1: unterminated ' quote/],
    ];
    for (const [text, why] of cases) {
      const r = await a.cli('config', 'apply', file('bad.conf', text));
      expect(r.exitCode, text).toBe(2);
      expect(r.stderr, text).toMatch(why);
    }
    expect((await a.cli('config', 'apply', join(a.dir, 'missing.conf'))).stderr).toMatch(/cannot read .*missing\.conf/);
  });
});
