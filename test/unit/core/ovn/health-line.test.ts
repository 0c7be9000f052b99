import { describe, expect, it } from 'vitest';
import { OvnExecError } from '../../../../src/core/ovn/exec-error.js';
import { healthText } from '../../../../src/core/ovn/health-line.js';
import { EvpnError } from '../../../../src/core/errors.js';

describe('healthText', () => {
  it('an OVS/OVN tool failure: the command and the first stderr line; the full text stays as detail', () => {
    const argv = ['--db=unix:/run/ovn/ovnnb_db.sock', '--timeout=10', '--', 'lsp-add', 'no-such-switch', 'evpn-99-192.168.100.1',
      ...Array.from({ length: 60 }, (_, i) => `--column-${i}=some-long-value-${i}`)];
    const err = new OvnExecError({
      tool: 'ovn-nbctl', argv, exitCode: 1, signal: null, stderr: '\novn-nbctl: no-such-switch: switch name not found\nmore\n', timedOut: false,
      expected: 'exit code 0', got: 'exit code 1: ovn-nbctl: no-such-switch: switch name not found',
    });
    const t = healthText(err);
    expect(t.line).toBe('ovn-nbctl lsp-add: ovn-nbctl: no-such-switch: switch name not found');
    expect(t.detail).toContain('argv: --db=unix:/run/ovn/ovnnb_db.sock');
    expect(t.detail.length).toBeGreaterThan(300);
  });

  it('no stderr: the exit status; any other error: its first line, at most 160 characters', () => {
    const quiet = new OvnExecError({ tool: 'ovs-vsctl', argv: ['add-port'], exitCode: null, signal: null, stderr: '', timedOut: true, expected: 'exit code 0', got: 'no answer' });
    expect(healthText(quiet).line).toBe('ovs-vsctl add-port: no answer before the timeout');
    const long = healthText(new EvpnError('error', `${'x'.repeat(300)}\nsecond line`));
    expect(long.line).toHaveLength(160);
    expect(long.line.endsWith('…')).toBe(true);
  });
});
