// evpnctl completion bash|zsh
import { Argument, type Command } from 'commander';
import { examples, type CliContext } from './context.js';
import { bashCompletion, zshCompletion } from './completion-script.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('completion')
    .description('print a shell completion script')
    .addArgument(new Argument('<SHELL>', 'bash or zsh').choices(['bash', 'zsh']))
    .addHelpText('after', examples('source <(evpnctl completion bash)', 'evpnctl completion zsh > "${fpath[1]}/_evpnctl"'))
    .action((shell: 'bash' | 'zsh') => {
      ctx.io.stdout(shell === 'bash' ? bashCompletion(program) : zshCompletion(program));
    });
}
