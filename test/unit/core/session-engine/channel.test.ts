import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Channel } from '../../../../src/core/session-engine/channel.js';
import { asReMessage, type ReMessage, type SeMessage } from '../../../../src/core/session-engine/protocol.js';
import { captureLog } from '../../../support/capture-log.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A channel on the accepting end of a Unix socket, and the raw client socket. */
async function pair(): Promise<{ channel: Promise<{ c: Channel<ReMessage, SeMessage>; got: ReMessage[]; closed: Promise<void> }>; client: Socket; log: ReturnType<typeof captureLog> }> {
  const dir = mkdtempSync(join(tmpdir(), `evpnctl-channel-${process.pid}-`));
  dirs.push(dir);
  const log = captureLog();
  const server = createServer();
  await new Promise<void>((r) => server.listen(join(dir, 's.sock'), () => r()));
  const channel = new Promise<{ c: Channel<ReMessage, SeMessage>; got: ReMessage[]; closed: Promise<void> }>((resolve) => {
    server.once('connection', (socket) => {
      server.close();
      const got: ReMessage[] = [];
      let closedDone = () => undefined as void;
      const closed = new Promise<void>((r) => { closedDone = r; });
      const c = new Channel<ReMessage, SeMessage>(socket, asReMessage, { message: (m) => got.push(m), bytes: () => undefined, closed: () => closedDone() }, log);
      resolve({ c, got, closed });
    });
  });
  const client = connect(join(dir, 's.sock'));
  await new Promise<void>((r) => client.once('connect', () => r()));
  return { channel, client, log };
}

describe('Channel', () => {
  it('drops the connection on a bad frame, logging why, and hands over what came before', async () => {
    const { channel, client, log } = await pair();
    const good = JSON.stringify({ type: 'configured', addresses: [] });
    const frame = Buffer.concat([Buffer.from([0, 0, 0, good.length + 1, 0]), Buffer.from(good)]);
    client.write(Buffer.concat([frame, Buffer.from([0, 0, 0, 2, 7, 7])]));
    const { got, closed } = await channel;
    await closed;
    expect(got).toEqual([{ type: 'configured', addresses: [] }]);
    expect(log.lines.join('\n')).toMatch(/channel: bad frame, dropping the connection: expected frame kind 0 \(JSON\) or 1 \(BGP bytes\), got 7/);
    client.destroy();
  });

  it('drops the connection on a message of the wrong side', async () => {
    const { channel, client, log } = await pair();
    const bad = JSON.stringify({ type: 'up', address: '192.0.2.1' });
    client.write(Buffer.concat([Buffer.from([0, 0, 0, bad.length + 1, 0]), Buffer.from(bad)]));
    const { got, closed } = await channel;
    await closed;
    expect(got).toEqual([]);
    expect(log.lines.join('\n')).toMatch(/bad frame.*route engine message type/);
    client.destroy();
  });
});
