// Teardown for e2e tests: tear a lab run down and assert that nothing of it is left (netns, processes,
// directory), so a leak fails the test that caused it instead of surfacing later on a shared machine.
import { existsSync } from 'node:fs';
import { expect } from 'vitest';
import { describeFailures, type CleanupReport } from '../../src/lab/cleanup.js';
import { findLeftovers, type LabRun } from '../../src/lab/run.js';

/** EVPNCTL_LAB_KEEP_LOGS=1 keeps run directories (logs, pcaps) after the tests. */
export const keepLabLogs = process.env.EVPNCTL_LAB_KEEP_LOGS === '1';

/** Tears a lab down and asserts that no netns, process or directory of it remains. */
export async function downAndVerify(lab: { run: LabRun; down(): Promise<CleanupReport> } | undefined): Promise<void> {
  if (!lab) return;
  const processes = lab.run.manifest.data.processes;
  const report = await lab.down();
  expect(describeFailures(report)).toBe('');
  expect(await findLeftovers(lab.run.id, processes)).toEqual({ netns: [], processes: [] });
  if (!keepLabLogs) expect(existsSync(lab.run.dir)).toBe(false);
}
