import { describe, expect, it } from 'vitest';
import { JsonSplitter, parseJsonSequence } from '../../../../src/core/ovn/json-stream.js';
import { atomText, mapTexts, parseTables, scalarText, setTexts } from '../../../../src/core/ovn/ovsdb-json.js';

// Captured from ovn-nbctl 23.03 `--format=json --data=json find Port_Group ...` and `find Logical_Switch_Port ...`.
const CAPTURED = '{"data":[[["uuid","008be0ef-4a01-420e-a485-91c0e01cb192"],"evpn_vni_10",["uuid","8a29f05d-b06b-4164-b77b-a1641d502d26"],["uuid","8e29d2f8-8c2f-4373-950e-c1029f826329"],["map",[["evpnctl-managed","true"]]]]],"headings":["_uuid","name","ports","acls","external_ids"]}\n'
  + '{"data":[[["uuid","8a29f05d-b06b-4164-b77b-a1641d502d26"],"evpn-10-192.168.100.1",["set",["02:00:00:00:00:01 10.0.0.1","unknown"]],["map",[["evpnctl-managed","true"],["evpnctl-vtep","192.168.100.1"]]]]],"headings":["_uuid","name","addresses","external_ids"]}\n';

describe('OVSDB JSON', () => {
  it('reads the tables of a chained ctl call', () => {
    const [pgs = [], lsps = []] = parseTables(CAPTURED);
    expect(atomText(pgs[0]?._uuid)).toBe('008be0ef-4a01-420e-a485-91c0e01cb192');
    expect(setTexts(pgs[0]?.ports)).toEqual(['8a29f05d-b06b-4164-b77b-a1641d502d26']);
    expect(setTexts(lsps[0]?.addresses)).toEqual(['02:00:00:00:00:01 10.0.0.1', 'unknown']);
    expect(mapTexts(lsps[0]?.external_ids)).toEqual({ 'evpnctl-managed': 'true', 'evpnctl-vtep': '192.168.100.1' });
    expect(scalarText(['set', []])).toBe('');
    expect(scalarText(32000)).toBe('32000');
  });

  it('says what it expected when the shape is wrong', () => {
    expect(() => parseTables('{"rows":[]}')).toThrow(/expected table 0 as/);
    expect(() => mapTexts(['set', []])).toThrow(/expected \["map"/);
    expect(() => parseJsonSequence('{"a":1')).toThrow(/truncated/);
  });
});

describe('JsonSplitter', () => {
  it('splits concatenated objects across arbitrary chunk boundaries, braces inside strings included', () => {
    const text = '{"a":"}{\\"x"}\n{"b":[1,{"c":"]"}]}{"d":2}\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const s = new JsonSplitter();
      const got = [...s.push(text.slice(0, cut)), ...s.push(text.slice(cut))];
      expect(got).toEqual([{ a: '}{"x' }, { b: [1, { c: ']' }] }, { d: 2 }]);
      expect(s.idle()).toBe(true);
    }
  });

  it('refuses text that is not JSON', () => {
    expect(() => new JsonSplitter().push('2026-11-21T11:11:40Z|00001|fatal_signal')).toThrow(/expected a JSON object or array/);
  });
});
