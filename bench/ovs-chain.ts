// Findings for issue 13 (no code of src/core/ovn involved): the cost of one ovs-vsctl chain of N vxlan
// `add-port`s against a private conf.db (OvsSandbox, no vswitchd, --no-wait), for N = 1k, 2k, 4k on top of
// each other (--chains), the same 4k as plain row creation (create Interface + create Port + add to Bridge.ports),
// and then 2 × 1000 ports as ovsdb-client transactions (insert rows + one mutate of Bridge.ports per 250).
//   sudo npx tsx bench/ovs-chain.ts [--chains 1000,2000,4000] [--out FILE]  -> bench/results/ovs-chain.json (~2-3 min)
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { execa } from 'execa';
import { OvsSandbox } from '../test/support/ovs-sandbox.js';
const at = process.argv.indexOf('--chains');
const chains = (at < 0 ? '1000,2000,4000' : (process.argv[at + 1] ?? '')).split(',').map(Number);
const results: Record<string, number> = {};
const sb = await OvsSandbox.start({ bridge: 'br-int' });
/** sb.vsctl has a 20 s timeout; a 4k chain may need more on a busy machine. */
const vsctl = (args: string[]) => execa('ovs-vsctl', [`--db=${sb.ovsDb}`, '--timeout=300', ...args]);
try {
  let base = 0;
  for (const [c, n] of chains.entries()) {
    const cmds: string[] = [];
    for (let i = 0; i < n; i++) {
      const name = `vx${base + i}`;
      cmds.push('--', 'add-port', 'br-int', name, '--', 'set', 'Interface', name, 'type=vxlan', `options:remote_ip=10.${(i >> 8) & 255}.${i & 255}.1`, `options:key=${base + i + 1}`);
    }
    base += n;
    const t0 = performance.now();
    await vsctl(['--no-wait', ...cmds.slice(1)]);
    results[`chain${c + 1}AddPort${n}After${base - n}Seconds`] = Number(((performance.now() - t0) / 1000).toFixed(2));
    console.log(`add-port chain of ${n}: ${results[`chain${c + 1}AddPort${n}After${base - n}Seconds`]} s`);
  }
  // the same 4000 as plain row creation: one Interface + Port per name, ports appended to the bridge in one mutate
  const cmds: string[] = [];
  for (let i = 0; i < 4000; i++) {
    const name = `vy${i}`;
    cmds.push('--', `--id=@i${i}`, 'create', 'Interface', `name=${name}`, 'type=vxlan', `options:remote_ip=10.9.${i & 255}.1`, `options:key=${20000 + i}`,
      '--', `--id=@p${i}`, 'create', 'Port', `name=${name}`, `interfaces=@i${i}`, '--', 'add', 'Bridge', 'br-int', 'ports', `@p${i}`);
  }
  const t0 = performance.now();
  await vsctl(['--no-wait', ...cmds.slice(1)]);
  results.createRows4000Seconds = Number(((performance.now() - t0) / 1000).toFixed(2));
  console.log(`create Interface+Port+add ports, 4000: ${results.createRows4000Seconds} s`);
  // The same as OVSDB transactions: insert Interface and Port rows, one mutate of Bridge.ports (no re-read), 250
  // ports per transaction (one argv string may not pass 128 KiB), 1000 per round.
  for (const round of [1, 2]) {
    const t1 = performance.now();
    for (let part = 0; part < 4; part++) {
      const ops: unknown[] = [];
      const ports: unknown[] = [];
      for (let i = 0; i < 250; i++) {
        const name = `vt${round}-${part}-${i}`;
        ops.push({ op: 'insert', table: 'Interface', 'uuid-name': `i${i}`, row: { name, type: 'vxlan', options: ['map', [['remote_ip', `10.8.${i & 255}.1`], ['key', String(40000 + round * 1000 + part * 250 + i)]]] } });
        ops.push({ op: 'insert', table: 'Port', 'uuid-name': `p${i}`, row: { name, interfaces: ['named-uuid', `i${i}`] } });
        ports.push(['named-uuid', `p${i}`]);
      }
      ops.push({ op: 'mutate', table: 'Bridge', where: [['name', '==', 'br-int']], mutations: [['ports', 'insert', ['set', ports]]] });
      await execa('ovsdb-client', ['transact', sb.ovsDb, JSON.stringify(['Open_vSwitch', ...ops])]);
    }
    results[`transactInsert1000Round${round}Seconds`] = Number(((performance.now() - t1) / 1000).toFixed(2));
    console.log(`ovsdb-client transact, 1000 ports: ${results[`transactInsert1000Round${round}Seconds`]} s`);
  }
} finally {
  await sb.stop();
}
const outAt = process.argv.indexOf('--out');
writeFileSync(outAt < 0 ? join(import.meta.dirname, 'results', 'ovs-chain.json') : (process.argv[outAt + 1] ?? ''), `${JSON.stringify({ date: new Date().toISOString(), loadAverageAfter: loadavg(), ...results, chains }, null, 2)}\n`);
