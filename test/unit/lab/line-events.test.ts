import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { LabTimeoutError } from '../../../src/lab/errors.js';
import { LineEventLog, parseLine } from '../../../src/lab/line-events.js';

describe('LineEventLog', () => {
  it('resolves waiters for past and future events, in order of arrival', async () => {
    const s = new PassThrough();
    const log = new LineEventLog(s);
    s.write('{"event":"ready"}\n');
    const up = log.waitFor('peer-up', (e) => e.event === 'peer-up');
    s.write('os-ken says hello\n{"event":"peer-up","address":"192.168.100.1"}\n');
    expect(await up).toEqual({ event: 'peer-up', address: '192.168.100.1' });
    expect(await log.waitFor('ready', (e) => e.event === 'ready')).toEqual({ event: 'ready' });
    expect(log.events.map((e) => e.event)).toEqual(['ready', 'text', 'peer-up']);
  });

  it('rejects when the stream ends or time runs out, showing the last events', async () => {
    const s = new PassThrough();
    const log = new LineEventLog(s);
    await expect(log.waitFor('nothing', () => false, 10)).rejects.toBeInstanceOf(LabTimeoutError);
    const pending = log.waitFor('exit', (e) => e.event === 'exit', 5000);
    s.end('{"event":"bye"}\n');
    await expect(pending).rejects.toThrow(/event stream ended; last events: \[\{"event":"bye"\}\]/);
    await expect(log.waitFor('late', () => false)).rejects.toThrow(/had already ended/);
  });

  it('keeps non-JSON and JSON without "event" as text events', () => {
    expect(parseLine('[1,2]')).toEqual({ event: 'text', text: '[1,2]' });
    expect(parseLine('{"event":"x","a":1}')).toEqual({ event: 'x', a: 1 });
  });
});
