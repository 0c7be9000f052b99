// Chunking of prepared transactions: steps are never split, chunks stay within the byte budget (one argv
// string each), links become one mutate per parent column per chunk, and a reply's first failure is found.
import { describe, expect, it } from 'vitest';
import { MAX_ARG_BYTES } from '../../../../src/core/ovn/chain.js';
import { chunkTx, firstFailure, setKeys, txStep, type Link } from '../../../../src/core/ovn/txn.js';

const port = (i: number, bridge = 'br-int'): { ops: { op: string; table: string; row: { name: string } }[]; link: Link } => ({
  ops: [{ op: 'insert', table: 'Port', row: { name: `p${i}` } }],
  link: { table: 'Bridge', where: [['name', '==', bridge]], column: 'ports', mutator: 'insert', uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` },
});

describe('chunkTx', () => {
  it('merges the links of a chunk into one mutate per parent column, deletes first', () => {
    const steps = [port(1), port(2), port(3, 'br-x')].map((p) => txStep(p.ops, [p.link]));
    const del = txStep([], [{ ...port(9).link, mutator: 'delete' }]);
    const [chunk, more] = chunkTx([...steps, del]);
    expect(more).toBeUndefined();
    expect(chunk?.ops.slice(3)).toEqual([
      { op: 'mutate', table: 'Bridge', where: [['name', '==', 'br-int']], mutations: [['ports', 'delete', ['set', [['uuid', port(9).link.uuid]]]]] },
      { op: 'mutate', table: 'Bridge', where: [['name', '==', 'br-int']], mutations: [['ports', 'insert', ['set', [['uuid', port(1).link.uuid], ['uuid', port(2).link.uuid]]]]] },
      { op: 'mutate', table: 'Bridge', where: [['name', '==', 'br-x']], mutations: [['ports', 'insert', ['set', [['uuid', port(3).link.uuid]]]]] },
    ]);
    expect(chunk?.json).toEqual(chunk?.ops.map((o) => JSON.stringify(o)));
  });

  it('keeps every chunk, links included, within the budget and never splits a step', () => {
    const steps = Array.from({ length: 200 }, (_, i) => port(i, `br-${i % 7}`)).map((p) => txStep([...p.ops, ...p.ops], [p.link]));
    const chunks = chunkTx(steps, 3000);
    expect(chunks.length).toBeGreaterThan(5);
    for (const c of chunks) {
      expect(`["Open_vSwitch",${c.json.join(',')}]`.length).toBeLessThanOrEqual(3000 + 20);
      expect(c.ops.filter((o) => o.op === 'insert').length % 2).toBe(0);
    }
    expect(chunks.flatMap((c) => c.ops.filter((o) => o.op === 'insert'))).toHaveLength(400);
  });

  it('refuses a step that cannot fit in one argument', () => {
    const huge = txStep([{ op: 'insert', table: 'Logical_Switch', row: { name: 'x'.repeat(MAX_ARG_BYTES) } }]);
    expect(() => chunkTx([huge])).toThrow(/expected one OVSDB step to fit in one argument \(at most \d+ bytes\), got \d+ bytes/);
  });
});

describe('setKeys', () => {
  it('deletes then inserts the keys, so existing values are replaced and other keys kept', () => {
    expect(setKeys('external_ids', { b: '2', a: '1' })).toEqual([
      ['external_ids', 'delete', ['set', ['a', 'b']]], ['external_ids', 'insert', ['map', [['a', '1'], ['b', '2']]]],
    ]);
    expect(setKeys('options', {})).toEqual([]);
  });
});

describe('firstFailure', () => {
  it('finds the failed op, or the commit error after the last op', () => {
    expect(firstFailure([{}, { count: 1 }], 2)).toBeNull();
    expect(firstFailure([{ error: 'timed out', details: '"where" clause test failed' }, null], 2)).toEqual({ index: 0, text: 'timed out: "where" clause test failed' });
    expect(firstFailure([{}, {}, { error: 'constraint violation' }], 2)).toEqual({ index: 2, text: 'constraint violation' });
    expect(firstFailure([{}], 2)).toEqual({ index: 1, text: 'only 1 results for 2 operations' });
  });
});
