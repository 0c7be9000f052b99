// Renders prepared-transaction steps as text for assertions: one chunk (no byte limit), one line per op,
// `op table where row|mutations`, with every uuid replaced by a stable label (`LS` for those named, else
// @1, @2... in order of appearance), so tests read like the transaction and do not depend on random uuids.
import { chunkTx, type TxStep } from '../../src/core/ovn/txn.js';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** The ops of steps, as lines; `named` maps known uuids to labels. */
export function txLines(steps: readonly TxStep[], named: Readonly<Record<string, string>> = {}): string[] {
  const labels = new Map(Object.entries(named));
  const label = (u: string): string => {
    let l = labels.get(u);
    if (l === undefined) {
      l = `@${[...labels.values()].filter((x) => x.startsWith('@')).length + 1}`;
      labels.set(u, l);
    }
    return l;
  };
  const ops = steps.length === 0 ? [] : chunkTx(steps, Number.MAX_SAFE_INTEGER)[0]?.ops ?? [];
  return ops.map((op) => {
    const { op: verb, table, uuid, ...rest } = op as Record<string, unknown>;
    const head = `${String(verb)} ${String(table)}${typeof uuid === 'string' ? ` ${uuid}` : ''}`;
    const body = Object.entries(rest).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
    return `${head} ${body}`.replace(UUID, label).replace(/\["uuid","(@\d+|[A-Z]\w*)"\]/g, '$1');
  });
}

/** The same as one string, lines joined by newlines. */
export const txText = (steps: readonly TxStep[], named: Readonly<Record<string, string>> = {}): string => txLines(steps, named).join('\n');
