import { describe, expect, it } from 'vitest';
import { oneLine } from '../../../src/demo/one-line.js';

describe('oneLine', () => {
  it('joins a key/value block with commas and collapses the alignment spaces', () => {
    expect(oneLine('AS:         65000\nrouter-id:  192.168.100.2\n')).toBe('AS: 65000, router-id: 192.168.100.2');
  });

  it("keeps a table's last row", () => {
    expect(oneLine('VNI  MAC                IP\n10   02:ac:10:ff:00:22  10.0.0.22\n')).toBe('10 02:ac:10:ff:00:22 10.0.0.22');
  });

  it('cuts long output with an ellipsis at the limit', () => {
    const out = oneLine(`a: ${'x'.repeat(200)}`, 20);
    expect(out).toHaveLength(20);
    expect(out.endsWith('…')).toBe(true);
  });

  it('is empty for empty output', () => {
    expect(oneLine('\n\n')).toBe('');
  });
});
