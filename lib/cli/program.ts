import { Command, CommanderError, Help } from 'commander';
import { CliIO, EXIT_OK, EXIT_USAGE, runCommand } from './io';
import { checkFlagValues } from './private/flag-values';
import { dagstepVersion } from './private/version';

/** What every command module gets to register itself. */
export interface CommandContext {
  readonly io: CliIO;
  /** Runs a command body with the standard error handling and records its exit code. */
  readonly run: (body: () => Promise<number> | number) => Promise<void>;
}

/** A command module (one file per command in lib/cli/): adds its command to the program. */
export type RegisterCommand = (program: Command, ctx: CommandContext) => void;

/**
 * A command known by name before its module is loaded: `dagstep --help` lists it from this entry,
 * and only the command being run is loaded (so `--help` never imports aws-cdk-lib or an SDK client).
 */
export interface LazyCommand {
  readonly name: string;
  /** How `dagstep --help` lists it, e.g. `compile [options] <spec>` (test/cli/commands.test.ts checks it). */
  readonly term: string;
  readonly description: string;
  readonly load: () => Promise<RegisterCommand>;
}

/** A command: registered eagerly (a RegisterCommand) or loaded when run (a LazyCommand). */
export type CommandSource = RegisterCommand | LazyCommand;

/**
 * Runs the dagstep CLI with the given arguments (without `node` and the script name).
 * Returns the exit code: 0 ok, 1 user error, 2 usage error.
 */
export async function runCli(argv: readonly string[], io: CliIO, commands: readonly CommandSource[]): Promise<number> {
  let code = EXIT_OK;
  const program = new Command('dagstep')
    .description('Turn workflow DAGs into AWS Step Functions state machines')
    .version(dagstepVersion(), '-V, --version', 'print the dagstep version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .showHelpAfterError('(run with --help for usage)');
  const ctx: CommandContext = {
    io,
    run: async (body) => { code = await runCommand(io, body); },
  };
  const invoked = invokedCommand(argv);
  const terms = new Map<Command, string>();
  for (const source of commands) {
    if (typeof source === 'function') {
      source(program, ctx);
    } else if (source.name === invoked) {
      (await source.load())(program, ctx);
    } else {
      // A placeholder: named and described for help and "did you mean", never run.
      terms.set(program.command(source.name).description(source.description), source.term);
    }
  }
  checkFlagValues(program);
  program.configureHelp({ subcommandTerm: (cmd) => terms.get(cmd) ?? new Help().subcommandTerm(cmd) });
  for (const sub of program.commands) {
    sub.exitOverride().configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    throw e;
  }
  return code;
}

/** The command the arguments run: the first one, or the one after `help`. */
function invokedCommand(argv: readonly string[]): string | undefined {
  const first = argv[0];
  if (first === undefined || first.startsWith('-')) return undefined;
  return first === 'help' ? argv[1] : first;
}
