// The manifest: a small JSON file in the run directory listing what the run created (netns names,
// processes with their identities). It lets `lab down <id>` in another process tear a run down, and it
// is the list the cleanup consults, so nothing outside it is ever touched.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LabError } from './errors.js';
import type { ProcessIdentity } from './proc.js';

/** File name of the manifest inside a run directory. */
export const MANIFEST_FILE = 'manifest.json';

/** What a run created, as stored on disk. */
export interface ManifestData {
  version: 1;
  runId: string;
  dir: string;
  /** ISO time the run was created. */
  createdAt: string;
  /** PID of the process that created the run (for `status`). */
  ownerPid: number;
  /** What built it ("two-site static", ...). */
  description: string;
  /** True when the creator asked to leave the run up after it exits (`up --keep`). */
  keep: boolean;
  /** Network namespaces, in creation order. */
  netns: string[];
  /** Processes we started, in start order. */
  processes: ProcessIdentity[];
  /** ISO time of a completed teardown whose directory was kept (logs, pcaps). */
  downAt?: string;
}

/** A manifest on disk; every change is written through immediately (atomically, by rename). */
export class Manifest {
  readonly path: string;
  #data: ManifestData;

  private constructor(path: string, data: ManifestData) {
    this.path = path;
    this.#data = data;
  }

  /** Creates and writes a fresh manifest in dir. */
  static create(dir: string, runId: string, description: string, ownerPid: number = process.pid): Manifest {
    const m = new Manifest(join(dir, MANIFEST_FILE), {
      version: 1, runId, dir, createdAt: new Date().toISOString(), ownerPid, description, keep: false, netns: [], processes: [],
    });
    m.#save();
    return m;
  }

  /** Loads the manifest of a run directory; throws LabError if it is missing or malformed. */
  static load(dir: string): Manifest {
    const path = join(dir, MANIFEST_FILE);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new LabError(`expected a lab manifest at ${path}, could not read it`, { cause: err });
    }
    return new Manifest(path, validate(path, raw));
  }

  /** A copy of the current contents. */
  get data(): ManifestData {
    return structuredClone(this.#data);
  }

  /** Records a netns (idempotent). */
  addNetns(name: string): void {
    if (!this.#data.netns.includes(name)) this.#data.netns.push(name);
    this.#save();
  }

  /** Forgets a netns once it is deleted. */
  removeNetns(name: string): void {
    this.#data.netns = this.#data.netns.filter((n) => n !== name);
    this.#save();
  }

  /** Records a process we started. */
  addProcess(proc: ProcessIdentity): void {
    this.#data.processes.push(proc);
    this.#save();
  }

  /** Forgets a process once it is stopped. */
  removeProcess(proc: ProcessIdentity): void {
    this.#data.processes = this.#data.processes.filter((p) => !(p.pid === proc.pid && p.startTicks === proc.startTicks));
    this.#save();
  }

  /** Records a completed teardown (the directory stays for its logs). */
  markDown(): void {
    this.#data.downAt = new Date().toISOString();
    this.#data.keep = false;
    this.#save();
  }

  /** Marks the run as kept (or not) after its creator exits. */
  setKeep(keep: boolean): void {
    this.#data.keep = keep;
    this.#save();
  }

  #save(): void {
    // Write then rename, so a concurrent `lab status` never reads half a file.
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(this.#data, null, 2)}\n`);
    renameSync(tmp, this.path);
  }
}

function validate(path: string, raw: unknown): ManifestData {
  const d = raw as Partial<ManifestData> | null;
  const ok = d !== null && typeof d === 'object' && d.version === 1 && typeof d.runId === 'string' && typeof d.dir === 'string'
    && Array.isArray(d.netns) && d.netns.every((n) => typeof n === 'string')
    && Array.isArray(d.processes) && d.processes.every((p) => typeof p?.pid === 'number' && typeof p.startTicks === 'number' && typeof p.name === 'string');
  if (!ok) throw new LabError(`${path}: expected a version 1 lab manifest with runId, dir, netns[] and processes[], got ${JSON.stringify(raw).slice(0, 200)}`);
  return {
    version: 1,
    runId: d.runId as string,
    dir: d.dir as string,
    createdAt: typeof d.createdAt === 'string' ? d.createdAt : '',
    ownerPid: typeof d.ownerPid === 'number' ? d.ownerPid : 0,
    description: typeof d.description === 'string' ? d.description : '',
    keep: d.keep === true,
    netns: d.netns as string[],
    processes: d.processes as ProcessIdentity[],
    ...(typeof d.downAt === 'string' ? { downAt: d.downAt } : {}),
  };
}
