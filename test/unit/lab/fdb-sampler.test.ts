import { describe, expect, it } from 'vitest';
import { analyseFdbSamples, fdbDeletions, parseSamples, type FdbSample } from '../../../src/lab/fdb-sampler.js';

const MAC = '02:ac:10:ff:00:22';
const FLOOD = '00:00:00:00:00:00';
const Y = '192.168.100.2';
const required = [{ label: 'vm1', mac: MAC, dst: Y }, { label: 'flood', mac: FLOOD, dst: Y }];
const both = [`${FLOOD} ${Y}`, `${MAC} ${Y}`];

describe('parseSamples', () => {
  it('reads one sample per line and drops a last line cut short by the stop', () => {
    const text = `{"t": 1000.0, "ms": 3.1, "seen": []}\n{"t": 1050.0, "err": "bridge exited 1: x"}\n{"t": 11`;
    expect(parseSamples(text)).toEqual([{ t: 1000, ms: 3.1, seen: [] }, { t: 1050, err: 'bridge exited 1: x' }]);
  });

  it('says what it expected otherwise', () => {
    expect(() => parseSamples('{"seen": []}\n')).toThrow(/expected \{t, seen\} or \{t, err\}/);
  });
});

describe('analyseFdbSamples', () => {
  it('finds nothing missing when every sample has both entries, and gives the interval achieved', () => {
    const samples: FdbSample[] = [0, 50, 100, 170].map((t) => ({ t, ms: 3, seen: both }));
    const r = analyseFdbSamples(samples, required);
    expect(r.entries).toEqual({
      vm1: { missingSamples: 0, longestGapMs: 0, firstMissingAt: null },
      flood: { missingSamples: 0, longestGapMs: 0, firstMissingAt: null },
    });
    expect(r).toMatchObject({ samples: 4, errors: 0, spanMs: 170, intervalMs: { median: 50, max: 70 }, maxDumpMs: 3 });
  });

  it('measures a gap from its first missing sample to the next sample that has the entry again', () => {
    const samples: FdbSample[] = [
      { t: 0, seen: both }, { t: 50, seen: [`${FLOOD} ${Y}`] }, { t: 100, seen: [] }, { t: 150, seen: both },
      { t: 200, seen: [`${MAC} ${Y}`] },
    ];
    const r = analyseFdbSamples(samples, required);
    expect(r.entries.vm1).toEqual({ missingSamples: 2, longestGapMs: 100, firstMissingAt: 50 });
    // Missing in the last sample: the gap runs to the end of the samples.
    expect(r.entries.flood).toEqual({ missingSamples: 2, longestGapMs: 50, firstMissingAt: 100 });
  });

  it('wants the entry towards our VTEP: the MAC pointing elsewhere counts as missing', () => {
    const r = analyseFdbSamples([{ t: 0, seen: [`${MAC} 192.168.100.9`, `${FLOOD} ${Y}`] }], required);
    expect(r.entries.vm1?.missingSamples).toBe(1);
  });

  it('counts failed dumps as errors, neither present nor missing', () => {
    const r = analyseFdbSamples([{ t: 0, seen: both }, { t: 50, err: 'timeout' }, { t: 100, seen: both }], required);
    expect(r.errors).toBe(1);
    expect(r.entries.vm1?.missingSamples).toBe(0);
  });

  it('refuses an empty run', () => {
    expect(() => analyseFdbSamples([], required)).toThrow(/expected FDB samples/);
  });
});

describe('fdbDeletions', () => {
  it("picks the monitor's deletions of each required entry on the device, nothing else", () => {
    const events = [
      `Deleted ${MAC} dev vxlan10 dst ${Y} self permanent`,
      `${MAC} dev vxlan10 dst ${Y} self permanent`, // the re-add
      `Deleted ${MAC} dev vxlan10 master br10 static`, // the bridge's own entry: no dst
      `Deleted ${FLOOD} dev vxlan10 dst 192.168.100.9 self permanent`, // another VTEP's flood entry
      `Deleted ${FLOOD} dev vxlan11 dst ${Y} self permanent`, // another device
    ];
    expect(fdbDeletions(events, required, 'vxlan10')).toEqual({ vm1: [events[0]], flood: [] });
  });
});
