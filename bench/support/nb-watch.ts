// When do all remote MACs sit in the NB? An `ovsdb-client monitor` of Logical_Switch_Port (JSON, one update
// per line: rows as [uuid, action, columns...], a modify as an "old" row then a "new" row with an empty
// uuid) keeps the number of MAC entries on the LSPs marked evpnctl-managed, and notes the wall time
// (Date.now(), comparable with the injector's) at which a wanted count is first reached. It is one more
// monitor client of the NB, like the daemon's own.
import { createInterface } from 'node:readline';
import { execa, type ResultPromise } from 'execa';

type Cell = unknown;

const MONITOR_OPTIONS = { buffer: false, reject: false, stdin: 'ignore', stderr: 'ignore' } as const;

/** MAC entries (everything but "unknown") in an addresses cell. */
function macEntries(addresses: Cell): number {
  const list = Array.isArray(addresses) && addresses[0] === 'set' ? (addresses[1] as Cell[]) : [addresses];
  return list.filter((a) => typeof a === 'string' && a !== 'unknown' && a !== '').length;
}

const managed = (ids: Cell): boolean =>
  Array.isArray(ids) && ids[0] === 'map' && (ids[1] as [Cell, Cell][]).some(([k, v]) => k === 'evpnctl-managed' && v === 'true');

/** A running watch. */
export class NbMacWatch {
  private readonly perRow = new Map<string, number>();
  private total = 0;
  private readonly goals: { want: number; done: (at: number) => void }[] = [];

  private constructor(private readonly child: ResultPromise<typeof MONITOR_OPTIONS>) {
    if (!child.stdout) throw new Error('expected ovsdb-client\'s stdout');
    let previous = '';
    createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => {
      const t = JSON.parse(line) as { headings: string[]; data: Cell[][] };
      const col = (name: string) => t.headings.indexOf(name);
      const [iRow, iAction, iAddr, iIds] = [col('row'), col('action'), col('addresses'), col('external_ids')];
      for (const r of t.data) {
        const action = r[iAction];
        const uuid = r[iRow] === '' ? previous : String(r[iRow]);
        previous = uuid;
        if (action === 'old') continue;
        const n = action === 'delete' || !managed(r[iIds]) ? 0 : macEntries(r[iAddr]);
        this.total += n - (this.perRow.get(uuid) ?? 0);
        this.perRow.set(uuid, n);
      }
      const now = Date.now();
      for (const g of [...this.goals]) {
        if (this.total >= g.want) {
          this.goals.splice(this.goals.indexOf(g), 1);
          g.done(now);
        }
      }
    });
  }

  /** Starts monitoring the NB at `nbDb` (a unix: remote) with the OVS/OVN tools' environment. */
  static start(nbDb: string): NbMacWatch {
    const child = execa('ovsdb-client', ['--format=json', '--data=json', 'monitor', nbDb, 'OVN_Northbound', 'Logical_Switch_Port', 'addresses,external_ids'], MONITOR_OPTIONS);
    return new NbMacWatch(child);
  }

  /** MAC entries on managed LSPs now. */
  get count(): number {
    return this.total;
  }

  /** The Date.now() at which the count first reached `want`; null if it had not within timeoutMs. */
  reached(want: number, timeoutMs: number): Promise<number | null> {
    if (this.total >= want) return Promise.resolve(Date.now());
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.goals.splice(this.goals.indexOf(goal), 1);
        resolve(null);
      }, timeoutMs);
      const goal = { want, done: (at: number) => { clearTimeout(timer); resolve(at); } };
      this.goals.push(goal);
    });
  }

  /** Stops the monitor process (ours: started here, stopped by its handle). */
  async stop(): Promise<void> {
    this.child.kill('SIGTERM');
    await this.child;
  }
}
