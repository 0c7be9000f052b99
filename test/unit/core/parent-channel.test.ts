// A child whose supervisor closed the IPC channel (a SIGTERM during its start-up) must not die of the EPIPE
// under its "ready": toParent rejects with a clear error, tellParent only logs.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), `evpnctl-parent-channel-${process.pid}-`));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parent-channel', () => {
  it('turns a send on a closed channel into a rejection and a debug line, and the child lives on', async () => {
    const script = join(dir, 'child.ts');
    writeFileSync(script, `
      import { tellParent, toParent } from ${JSON.stringify(join(import.meta.dirname, '../../../src/core/parent-channel.js'))};
      const keep = setInterval(() => undefined, 1000);
      process.on('disconnect', async () => {
        const lines: string[] = [];
        tellParent({ type: 'ready' }, { debug: (t) => lines.push(t) });
        const err = await toParent({ type: 'reload' }).then(() => 'sent', (e: Error) => e.message);
        await new Promise((r) => setTimeout(r, 50));
        process.stdout.write(JSON.stringify({ err, lines }));
        clearInterval(keep);
      });
      process.send?.({ type: 'up' });
    `);
    const child = fork(script, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    let out = '';
    let errOut = '';
    child.stdout?.on('data', (b: Buffer) => { out += b.toString(); });
    child.stderr?.on('data', (b: Buffer) => { errOut += b.toString(); });
    child.once('message', () => child.disconnect()); // the child is listening: close the channel under it
    const code = await new Promise<number | null>((done) => child.once('exit', done));
    expect({ code, errOut }).toEqual({ code: 0, errOut: '' });
    const r = JSON.parse(out) as { err: string; lines: string[] };
    expect(r.err).toMatch(/expected an open IPC channel to the supervisor, got none/);
    expect(r.lines).toEqual([expect.stringMatching(/^not sent to the supervisor \(ready\): expected an open IPC channel/)]);
  });
});
