// The runner is Python generated from a TS template: check it is valid Python with the real interpreter.
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { OSKEN_OPS, oskenRunnerSource } from '../../../src/lab/osken-script.js';
import { SYSTEM_PYTHON } from '../../../src/lab/python.js';

describe('os-ken runner source', () => {
  it('compiles with /usr/bin/python3', async () => {
    const r = await execa(SYSTEM_PYTHON, ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: oskenRunnerSource(), reject: false });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
  });

  it('allows exactly the listed BGPSpeaker methods (a Python tuple) and needs the config as argv[1]', () => {
    const src = oskenRunnerSource();
    expect(src).toContain(`OPS = ("vrf_add","vrfs_get","neighbor_add","neighbor_del","neighbor_reset","evpn_prefix_add","evpn_prefix_del",)`);
    expect(OSKEN_OPS).toHaveLength(7);
    expect(src).toContain("cfg = json.loads(sys.argv[1])");
  });
});
