// The owner mark of the daemon's children (issue 14, 1): round trip, and what is not a mark.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { OWNER_ENV, ownerEnv, parseOwner, selfOwner, startTicksOf } from '../../../../src/core/daemon/leftovers.js';

describe('owner marks', () => {
  it('round-trips pid, start time and a state dir with spaces', () => {
    const owner = { pid: 4242, startTicks: 987654, stateDir: '/var/lib/evpn ctl (test)' };
    const env = ownerEnv(owner);
    expect(Object.keys(env)).toEqual([OWNER_ENV]);
    expect(parseOwner(env[OWNER_ENV] ?? '')).toEqual(owner);
  });

  it.each(['', '12 34', 'x 1 /a', '1 2 relative/dir', '1 -2 /a'])('refuses %j as a mark', (v) => {
    expect(parseOwner(v)).toBeNull();
  });

  it('reads start times from /proc: ours is stable, a finished process has none', () => {
    const self = selfOwner('/tmp/x');
    expect(self.pid).toBe(process.pid);
    expect(startTicksOf(process.pid)).toBe(self.startTicks);
    const done = spawnSync('true');
    expect(startTicksOf(done.pid ?? 0)).toBeNull();
  });
});
