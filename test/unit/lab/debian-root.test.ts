import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chrootArgv, removeMountPoints, rootUser } from '../../../src/lab/debian-root.js';

const exists = (p: string) => stat(p).then(() => true, (err: NodeJS.ErrnoException) => {
  if (err.code === 'ENOENT') return false;
  throw err;
});

describe('chrootArgv', () => {
  it('mounts proc, sysfs and the binds, then execs the chrooted argv with stdio redirected', () => {
    const argv = chrootArgv('/r', ['/usr/lib/frr/zebra', '-f', '/tmp/x/zebra.conf'], {
      proc: true, sysfs: true, binds: ['/tmp/x'], bindsTo: [{ from: '/tmp/x', to: '/run/frr' }], logFile: '/tmp/x/stdio.log',
    });
    expect(argv.slice(0, 2)).toEqual(['sh', '-c']);
    expect(argv[2]).toBe([
      "mount -t proc proc '/r/proc'", "mount -t sysfs sysfs '/r/sys'",
      "mkdir -p '/r/tmp/x'", "mount --bind '/tmp/x' '/r/tmp/x'",
      "mkdir -p '/r/run/frr'", "mount --bind '/tmp/x' '/r/run/frr'",
      "exec chroot '/r' '/usr/lib/frr/zebra' '-f' '/tmp/x/zebra.conf' </dev/null >>'/tmp/x/stdio.log' 2>&1",
    ].join(' && '));
  });

  it('quotes words so the shell passes them through unchanged', async () => {
    const [sh, c, script] = chrootArgv('/r', ['echo', "it's $HOME"]);
    expect([sh, c]).toEqual(['sh', '-c']);
    // Run the script's words through sh with chroot replaced by printf, to see what argv it would get.
    const printed = await execa('sh', ['-c', (script ?? '').replace('exec chroot', "printf '%s\\n'")]);
    expect(printed.stdout.split('\n')).toEqual(['/r', 'echo', "it's $HOME"]);
  });
});

describe('a root on disk', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'evpnctl-root-test-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("reads a user's uid and gid from the root's /etc/passwd, and names the file when the user is missing", async () => {
    await mkdir(join(root, 'etc'));
    await writeFile(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/bash\nfrr:x:997:996:Frr routing suite:/nonexistent:/usr/sbin/nologin\n');
    expect(await rootUser(root, 'frr')).toEqual({ uid: 997, gid: 996 });
    await expect(rootUser(root, 'gobgp')).rejects.toThrow(`${join(root, 'etc/passwd')}: expected a line for user gobgp`);
  });

  it('removes the empty mount points of a run dir and their empty parents, up to the top-level directory', async () => {
    await mkdir(join(root, 'tmp/evpnctl-lab-abc/frr/x'), { recursive: true });
    await mkdir(join(root, 'tmp/other'), { recursive: true });
    await removeMountPoints(root, '/tmp/evpnctl-lab-abc/frr/x');
    expect(await exists(join(root, 'tmp/evpnctl-lab-abc'))).toBe(false);
    expect(await exists(join(root, 'tmp/other'))).toBe(true);
    await removeMountPoints(root, '/tmp/evpnctl-lab-abc/frr/x'); // again: nothing left, no error
    await rm(join(root, 'tmp/other'), { recursive: true });
    await mkdir(join(root, 'tmp/evpnctl-lab-def/gobgp/y'), { recursive: true });
    await removeMountPoints(root, '/tmp/evpnctl-lab-def/gobgp/y');
    expect(await exists(join(root, 'tmp'))).toBe(true); // the root's own /tmp stays
  });

  it('never deletes a file under a mount point (it would be the host directory, still mounted)', async () => {
    await mkdir(join(root, 'tmp/evpnctl-lab-abc/frr/x'), { recursive: true });
    await writeFile(join(root, 'tmp/evpnctl-lab-abc/frr/x/bgpd.conf'), '!');
    await expect(removeMountPoints(root, '/tmp/evpnctl-lab-abc/frr/x')).rejects.toThrow('expected only empty mount points');
    expect(await exists(join(root, 'tmp/evpnctl-lab-abc/frr/x/bgpd.conf'))).toBe(true);
  });
});
