// Which OVS port name each (VNI, VTEP) pair has. Names found in the database are kept (so an IPv6 pair
// keeps the candidate it got, whatever the order of a later restart); new pairs get the first free
// candidate (naming.ts).
import { allocatePortName, isCandidateName, parsePairKey } from './naming.js';

/** The port-name registry of one programmer. */
export class PortNames {
  private readonly byPair = new Map<string, string>();
  private readonly owner = new Map<string, string>();

  /** The name of a pair, allocating one on first use. */
  nameFor(key: string): string {
    const known = this.byPair.get(key);
    if (known !== undefined) return known;
    const { vni, vtep, key: vxlanKey } = parsePairKey(key);
    const name = allocatePortName(vni, vtep, (n) => this.owner.get(n), vxlanKey);
    this.claim(key, name);
    return name;
  }

  /** Takes over a name read back from OVS, when it is a valid candidate for the pair and still free. */
  adopt(key: string, name: string): void {
    const { vni, vtep, key: vxlanKey } = parsePairKey(key);
    if (this.byPair.has(key) || this.owner.has(name) || !isCandidateName(vni, vtep, name, vxlanKey)) return;
    this.claim(key, name);
  }

  /** Frees a pair's name once its port is gone. */
  release(key: string): void {
    const name = this.byPair.get(key);
    if (name === undefined) return;
    this.byPair.delete(key);
    this.owner.delete(name);
  }

  /** Forgets everything (before adopting the names of a fresh read). */
  clear(): void {
    this.byPair.clear();
    this.owner.clear();
  }

  private claim(key: string, name: string): void {
    this.byPair.set(key, name);
    this.owner.set(name, key);
  }
}
