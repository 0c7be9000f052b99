// A programmer in its own process, for the crash test: it programs a synthetic load and is killed -9
// by the test in the middle. argv[2] is JSON: { ovsDb, nbDb, bridge, vnis, macs, vtep, maxArgvBytes }.
import { OvnProgrammer } from '../../src/core/ovn/programmer.js';
import { remoteLoad } from './evpn-load.js';

interface ChildConfig { ovsDb: string; nbDb: string; bridge: string; vnis: number; macs: number; vtep: string; maxArgvBytes: number }

const cfg = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
const { networks, events } = remoteLoad(cfg.vnis, cfg.macs, cfg.vtep);
const prog = new OvnProgrammer({ ovsDb: cfg.ovsDb, nbDb: cfg.nbDb, bridge: cfg.bridge, maxArgvBytes: cfg.maxArgvBytes });
prog.setNetworks(networks, null);
await prog.start();
process.stdout.write('started\n');
prog.apply(events);
await prog.flush();
process.stdout.write(`done ${JSON.stringify(prog.stats())}\n`);
await prog.stop();
