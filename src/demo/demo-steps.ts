// What every demo variant does the same way: run one `evpnctl` command as a reported step (its output
// shortened to one line), and look up a lab host by name with an error that lists the ones there are.
import type { Host } from '../lab/hosts.js';
import { LabError } from '../lab/errors.js';
import type { StepReporter } from '../lab/steps.js';
import type { CliCall, EvpnctlCli } from './evpnctl-cli.js';
import { oneLine } from './one-line.js';

/** Runs `evpnctl ...args` as the step "<label> evpnctl <args>"; a non-zero exit fails the step. */
export function evpnctlStep(steps: StepReporter, cli: EvpnctlCli, label: string, args: readonly string[]): Promise<CliCall> {
  return steps.step(`${label} evpnctl ${args.join(' ')}`, () => cli.run(args), (c) => oneLine(c.result.stdout));
}

/** A lookup of the lab's hosts by name. */
export function hostLookup(hosts: Readonly<Record<string, Host>>): (name: string) => Host {
  return (name) => {
    const h = hosts[name];
    if (!h) throw new LabError(`expected host ${name} in the lab, have ${Object.keys(hosts).join(', ')}`);
    return h;
  };
}
