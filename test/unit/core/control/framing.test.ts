import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../../src/core/control/framing.js';

function split(max: number, chunks: string[]) {
  const lines: string[] = [];
  const errors: string[] = [];
  const s = new LineSplitter(max, (l) => lines.push(l), (e) => errors.push(e.message));
  for (const c of chunks) s.push(Buffer.from(c));
  return { lines, errors, pending: s.pending };
}

describe('LineSplitter', () => {
  it('joins lines across chunks and splits several per chunk', () => {
    expect(split(100, ['{"a"', ':1}\n{"b":2}\n{"c"']).lines).toEqual(['{"a":1}', '{"b":2}']);
    expect(split(100, ['x\n\n\ny\n']).lines).toEqual(['x', 'y']);
  });

  it('reports a pending partial line (a truncated request)', () => {
    expect(split(100, ['{"a":1']).pending).toBe(true);
    expect(split(100, ['{"a":1}\n']).pending).toBe(false);
  });

  it('refuses an oversize line once and stops delivering', () => {
    const r = split(10, ['12345', '678901234\nok\n']);
    expect(r.errors).toEqual(['request exceeds 10 bytes; expected one JSON line of at most that size']);
    expect(r.lines).toEqual([]);
  });

  it('accepts a line of exactly the limit', () => {
    expect(split(5, ['12345\n']).lines).toEqual(['12345']);
  });
});
