import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../src/core/errors.js';
import { step } from '../../../../src/core/ovn/chain.js';
import { OvnExecError } from '../../../../src/core/ovn/exec-error.js';
import { OvnExec } from '../../../../src/core/ovn/exec.js';
import { fail, FakeRunner, ok } from '../../../support/fake-runner.js';

describe('OvnExec', () => {
  it('passes --db, --timeout and --no-wait to ovs-vsctl, and JSON options for reads', async () => {
    const runner = new FakeRunner(() => ok());
    const exec = new OvnExec({ runner, ovsDb: 'unix:/tmp/x/db.sock', timeoutSec: 7 });
    await exec.vsctl([step(['list', 'Bridge'])], { json: true });
    expect(runner.calls).toEqual([{
      file: 'ovs-vsctl', args: ['--db=unix:/tmp/x/db.sock', '--timeout=7', '--no-wait', '--format=json', '--data=json', '--', 'list', 'Bridge'],
    }]);
  });

  it('passes cluster remotes and SSL files to ovn-nbctl', async () => {
    const runner = new FakeRunner(() => ok());
    const nbDb = 'ssl:10.0.0.1:6641,ssl:10.0.0.2:6641,ssl:[fd00::3]:6641';
    const exec = new OvnExec({ runner, nbDb, ssl: { privateKey: '/k', certificate: '/c', caCert: '/ca' } });
    await exec.nbctl([step(['show'])]);
    expect(runner.calls[0]?.args.slice(0, 5)).toEqual([`--db=${nbDb}`, '--private-key=/k', '--certificate=/c', '--ca-cert=/ca', '--timeout=30']);
  });

  it('refuses a malformed remote up front', () => {
    expect(() => new OvnExec({ runner: new FakeRunner(), nbDb: 'http://nope' })).toThrow(ValidationError);
  });

  it('cuts a long chain into several invocations and counts every spawn', async () => {
    const runner = new FakeRunner(() => ok('x'));
    const exec = new OvnExec({ runner, maxArgvBytes: 1000 });
    const steps = Array.from({ length: 30 }, (_, i) => step(['add', 'Logical_Switch_Port', 'p', 'addresses', `"02:00:00:00:00:${i} 10.0.0.${i}"`]));
    const out = await exec.nbctl(steps);
    expect(runner.calls.length).toBeGreaterThan(1);
    expect(out).toHaveLength(runner.calls.length);
    expect(runner.calls.flatMap((c) => c.args.filter((a) => a.startsWith('"02:')))).toHaveLength(30);
    expect(exec.spawns()).toEqual({ vsctl: 0, nbctl: runner.calls.length, client: 0 });
  });

  it('raises OvnExecError with tool, argv, exit code and stderr, saying what was expected', async () => {
    const exec = new OvnExec({ runner: new FakeRunner(() => fail('ovn-nbctl: ls0: switch name not found\n')) });
    const err = await exec.nbctl([step(['lsp-add', 'ls0', 'p'])]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OvnExecError);
    const e = err as OvnExecError;
    expect(e.tool).toBe('ovn-nbctl');
    expect(e.exitCode).toBe(1);
    expect(e.argv).toContain('lsp-add');
    expect(e.stderr).toContain('switch name not found');
    expect(e.message).toBe('ovn-nbctl: expected exit code 0, got exit code 1: ovn-nbctl: ls0: switch name not found (argv: --timeout=30 -- lsp-add ls0 p)');
    expect(e.code).toBe('error');
  });

  it('reports an unreachable database and a timeout as unreachable', async () => {
    const down = new OvnExec({ runner: new FakeRunner(() => fail('ovn-nbctl: unix:/x: database connection failed (No such file or directory)')) });
    await expect(down.nbctl([step(['show'])])).rejects.toMatchObject({ code: 'unreachable' });
    const slow = new OvnExec({ runner: new FakeRunner(() => ({ ...fail(''), exitCode: null, signal: 'SIGTERM', timedOut: true })) });
    await expect(slow.vsctl([step(['show'])])).rejects.toThrow(/expected exit code 0, got no answer before the timeout/);
  });

  it('says so when the tool cannot be started', async () => {
    const exec = new OvnExec({ runner: new FakeRunner(() => ({ ...fail(''), exitCode: null, spawnError: 'ENOENT' })) });
    await expect(exec.vsctl([step(['show'])])).rejects.toThrow(/got a failure to start it \(ENOENT\)/);
  });
});
