import { Command, Help } from 'commander';
import { COMMANDS } from '../../lib/cli/commands';
import type { LazyCommand } from '../../lib/cli/program';

const lazy = COMMANDS.filter((c): c is LazyCommand => typeof c !== 'function');

describe('COMMANDS', () => {
  test('every command is loaded lazily', () => {
    // GIVEN / WHEN / THEN
    expect(lazy.length).toBe(COMMANDS.length);
    expect(lazy.map((c) => c.name)).toStrictEqual(['compile', 'graph', 'check', 'run', 'simulate', 'cost', 'runbook', 'start', 'watch', 'history', 'replay', 'approve', 'reject', 'dlq', 'backfill', 'exec']);
  });

  test.each(lazy.map((c) => [c.name, c] as const))('the help entry of %s matches its module', async (_name, entry) => {
    // GIVEN the command's real module, registered on an empty program
    const program = new Command('dagstep');
    (await entry.load())(program, { io: { stdout: () => undefined, stderr: () => undefined, isTTY: false }, run: async () => undefined });
    // WHEN
    const [cmd] = program.commands;
    // THEN what `dagstep --help` shows without loading it is what the module declares
    expect({ name: entry.name, term: entry.term, description: entry.description })
      .toStrictEqual({ name: cmd.name(), term: new Help().subcommandTerm(cmd), description: cmd.description() });
  });
});
