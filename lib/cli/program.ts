import { Command, CommanderError } from 'commander';
import { CliIO, EXIT_OK, EXIT_USAGE, runCommand } from './io';

/** What every command module gets to register itself. */
export interface CommandContext {
  readonly io: CliIO;
  /** Runs a command body with the standard error handling and records its exit code. */
  readonly run: (body: () => Promise<number> | number) => Promise<void>;
}

/** A command module (one file per command in lib/cli/): adds its command to the program. */
export type RegisterCommand = (program: Command, ctx: CommandContext) => void;

/**
 * Runs the dagstep CLI with the given arguments (without `node` and the script name).
 * Returns the exit code: 0 ok, 1 user error, 2 usage error.
 */
export async function runCli(argv: readonly string[], io: CliIO, commands: readonly RegisterCommand[]): Promise<number> {
  let code = EXIT_OK;
  const program = new Command('dagstep')
    .description('Turn workflow DAGs into AWS Step Functions state machines')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .showHelpAfterError('(run with --help for usage)');
  const ctx: CommandContext = {
    io,
    run: async (body) => { code = await runCommand(io, body); },
  };
  for (const register of commands) register(program, ctx);
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
