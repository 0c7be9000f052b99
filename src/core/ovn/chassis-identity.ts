// The chassis a daemon speaks for in an HA group (issue 10): by default the local OVS's
// external_ids:system-id, the name ovn-controller registers its Chassis under (ovn-controller(8)),
// read with the same JSON table output as the other vsctl readers (never the human format).
import { EvpnError, ValidationError } from '../errors.js';
import { step, type Step } from './chain.js';
import type { OvnExec } from './exec.js';
import { mapTexts, parseTables } from './ovsdb-json.js';

/** Chassis names: what ovn-controller accepts as a system-id, minus whitespace and control characters. */
const CHASSIS_NAME = /^[\x21-\x7e]{1,255}$/;

/** Checks a chassis name (`--chassis`). */
export function parseChassisName(value: unknown): string {
  if (typeof value !== 'string' || !CHASSIS_NAME.test(value)) {
    throw new ValidationError('chassis name', value, '1 to 255 printable ASCII characters without spaces (an OVS system-id)');
  }
  return value;
}

/** The read of the Open_vSwitch row's external_ids (one row: the table is a singleton). */
export const readSystemIdStep = (): Step => step(['--columns=external_ids', 'list', 'Open_vSwitch']);

/** The system-id from readSystemIdStep's JSON output, or null when OVS has none yet. */
export function parseSystemId(stdout: string): string | null {
  const [rows = []] = parseTables(stdout);
  if (rows.length !== 1) throw new EvpnError('error', `expected one Open_vSwitch row, got ${rows.length}`);
  const id = mapTexts(rows[0]?.external_ids)['system-id'];
  return id === undefined || id === '' ? null : id;
}

/** The local chassis name: OVS's external_ids:system-id; a clear error when it is not set. */
export async function localChassisName(exec: OvnExec): Promise<string> {
  const out = await exec.vsctl([readSystemIdStep()], { json: true });
  const id = parseSystemId(out.join(''));
  if (id === null) {
    throw new EvpnError('error', `expected external_ids:system-id on the Open_vSwitch row of ${exec.ovsDb ?? 'the default OVS database'} `
      + '(ovn-controller needs it too), got none: set it with `ovs-vsctl set Open_vSwitch . external_ids:system-id=NAME` or pass --chassis NAME');
  }
  return parseChassisName(id);
}
