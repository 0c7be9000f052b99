// Two transactions of one database in flight: the window is kept, a chunk that refers to a row an in-flight chunk
// inserts waits for it, and a failure stops the chunks not yet started and is reported once the others ended.
import { describe, expect, it } from 'vitest';
import { insertedUuids, refersTo, runWindowed } from '../../../../src/core/ovn/txn-window.js';
import { byUuid, uuidRef, type Op, type TxChunk } from '../../../../src/core/ovn/txn.js';

const U = (i: number): string => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const chunk = (...ops: Op[]): TxChunk => ({ ops, json: ops.map((o) => JSON.stringify(o)) });
const insertLsp = (i: number): TxChunk => chunk({ op: 'insert', table: 'Logical_Switch_Port', uuid: U(i), row: { name: `p${i}` } });
const addAddress = (i: number): TxChunk => chunk({ op: 'mutate', table: 'Logical_Switch_Port', where: byUuid(U(i)), mutations: [['addresses', 'insert', ['set', ['02:00:00:00:00:01']]]] });
const pgOf = (...is: number[]): TxChunk => chunk({ op: 'insert', table: 'Port_Group', row: { name: 'pg', ports: ['set', is.map((i) => uuidRef(U(i)))] } });

/** A runner whose transactions end when the test says so, recording starts and ends. */
function manual() {
  const events: string[] = [];
  const pending = new Map<TxChunk, { ok: () => void; fail: (e: Error) => void }>();
  const run = (c: TxChunk): Promise<void> => new Promise((ok, fail) => {
    events.push(`start ${c.json[0]?.slice(0, 40)}`);
    pending.set(c, { ok: () => { events.push('end'); ok(); }, fail });
  });
  return { events, pending, run };
}
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('insertedUuids / refersTo', () => {
  it('finds the rows a chunk inserts by our uuid and the references to them anywhere in another chunk', () => {
    expect([...insertedUuids(insertLsp(1))]).toEqual([U(1)]);
    expect(insertedUuids(addAddress(1)).size).toBe(0);
    expect(refersTo(addAddress(1), new Set([U(1)]))).toBe(true);
    expect(refersTo(pgOf(2, 3), new Set([U(3)]))).toBe(true);
    expect(refersTo(addAddress(2), new Set([U(1)]))).toBe(false);
    expect(refersTo(insertLsp(1), new Set([U(1)]))).toBe(false); // its own "uuid" field is not a reference
  });
});

describe('runWindowed', () => {
  it('keeps two independent chunks in flight and starts the third when one ends', async () => {
    const m = manual();
    const chunks = [addAddress(1), addAddress(2), addAddress(3)];
    const done = runWindowed(chunks, m.run);
    await tick();
    expect(m.pending.size).toBe(2);
    m.pending.get(chunks[1]!)?.ok();
    await tick();
    expect(m.pending.size).toBe(3);
    m.pending.get(chunks[0]!)?.ok();
    m.pending.get(chunks[2]!)?.ok();
    await expect(done).resolves.toBeUndefined();
  });

  it('holds a chunk that refers to a row the chunk in flight inserts until that one committed', async () => {
    const m = manual();
    const chunks = [insertLsp(7), pgOf(7), addAddress(8)];
    const done = runWindowed(chunks, m.run);
    await tick();
    expect(m.pending.size).toBe(1); // pgOf(7) waits for insertLsp(7)
    m.pending.get(chunks[0]!)?.ok();
    await tick();
    expect(m.pending.size).toBe(3);
    expect(m.events.slice(0, 3)).toEqual([expect.stringContaining('"insert"'), 'end', expect.stringContaining('Port_Group')]);
    m.pending.get(chunks[1]!)?.ok();
    m.pending.get(chunks[2]!)?.ok();
    await done;
  });

  it('starts nothing after a failure and rejects with it once the chunk in flight ended', async () => {
    const m = manual();
    const chunks = [addAddress(1), addAddress(2), addAddress(3)];
    const done = runWindowed(chunks, m.run);
    let settled = false;
    done.then(() => { settled = true; }, () => { settled = true; });
    await tick();
    m.pending.get(chunks[0]!)?.fail(new Error('constraint violation'));
    await tick();
    expect(m.pending.size).toBe(2); // the third never started
    expect(settled).toBe(false); // the second is still in flight
    m.pending.get(chunks[1]!)?.ok();
    await expect(done).rejects.toThrow('constraint violation');
  });

  it('runs strictly one after the other, in order, with a window of one', async () => {
    const order: string[] = [];
    let inFlight = 0;
    let most = 0;
    await runWindowed([1, 2, 3].map(addAddress), async (c) => {
      most = Math.max(most, ++inFlight);
      order.push(/8000-0*(\d+)"/.exec(c.json[0] ?? '')?.[1] ?? '?');
      await tick();
      inFlight--;
    }, 1);
    expect({ order, most }).toEqual({ order: ['1', '2', '3'], most: 1 });
  });
});
