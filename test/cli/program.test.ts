import { captureIO } from '../../lib/cli/io';
import { LazyCommand, RegisterCommand, runCli } from '../../lib/cli/program';
import { GraphError } from '../../lib/model/errors';

const demo: RegisterCommand = (program, ctx) => {
  program.command('demo')
    .description('a demo command')
    .argument('<kind>')
    .action((kind: string) => ctx.run(() => {
      if (kind === 'user') throw new GraphError({ file: 'g.yaml', taskId: 'a', message: 'cycle: a → a' });
      if (kind === 'bug') throw new Error('oops');
      ctx.io.stdout(`ran ${kind}\n`);
      return 0;
    }));
};

const flags: RegisterCommand = (program, ctx) => {
  program.command('flags')
    .option('--n <n>', 'a number', (v) => Number(v))
    .option('--boom <v>', 'a parser that throws', () => { throw new Error('not like that'); })
    .option('--region <region>', 'AWS region')
    .action(() => ctx.run(() => 0));
};

async function cli(argv: string[]) {
  const io = captureIO();
  const code = await runCli(argv, io, [demo, flags]);
  return { code, out: io.out(), err: io.err() };
}

describe('runCli', () => {
  test('a command runs and exits 0', async () => {
    // GIVEN / WHEN / THEN
    expect(await cli(['demo', 'ok'])).toStrictEqual({ code: 0, out: 'ran ok\n', err: '' });
  });

  test('a usage error exits 2', async () => {
    // GIVEN an unknown command and a missing argument / WHEN / THEN
    const unknown = await cli(['nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("error: unknown command 'nope'");
    const missing = await cli(['demo']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("error: missing required argument 'kind'");
    expect(missing.err).toContain('(run with --help for usage)');
  });

  test('--version prints the version of package.json', async () => {
    // GIVEN / WHEN
    const r = await cli(['--version']);
    // THEN
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the package.json version, as the CLI reads it
    expect(r).toStrictEqual({ code: 0, out: `${require('../../package.json').version}\n`, err: '' });
  });

  test.each([
    [['--n', 'abc'], "error: option '--n <n>' argument 'abc' is invalid. expected a number, received \"abc\""],
    [['--boom', 'x'], "error: option '--boom <v>' argument 'x' is invalid. not like that"],
    [['--region', 'eu west'], "error: option '--region <region>' argument 'eu west' is invalid. expected an AWS region such as eu-west-1, received \"eu west\""],
  ])('a bad flag value %j is a usage error naming the flag, never a stack trace', async (args, message) => {
    // GIVEN / WHEN
    const r = await cli(['flags', ...args]);
    // THEN
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toBe(message);
    expect(r.err).not.toMatch(/internal error| {4}at /);
  });

  test('a good flag value passes through', async () => {
    // GIVEN / WHEN / THEN
    expect((await cli(['flags', '--n', '3', '--region', 'eu-west-1'])).code).toBe(0);
  });

  test('--help exits 0 and prints usage on stdout', async () => {
    // GIVEN / WHEN
    const { code, out } = await cli(['--help']);
    // THEN
    expect(code).toBe(0);
    expect(out).toContain('Usage: dagstep');
    expect(out).toContain('demo <kind>');
  });

  test('a user error exits 1 with its message and no stack', async () => {
    // GIVEN / WHEN
    const r = await cli(['demo', 'user']);
    // THEN
    expect(r).toStrictEqual({ code: 1, out: '', err: 'g.yaml: task "a": cycle: a → a\n' });
  });

  test('an internal error exits 1 and says it is a bug', async () => {
    // GIVEN / WHEN
    const r = await cli(['demo', 'bug']);
    // THEN
    expect(r.code).toBe(1);
    expect(r.err.startsWith('dagstep: internal error (this is a bug, please report it):\nError: oops\n    at ')).toBe(true);
  });
});

describe('runCli with lazy commands', () => {
  const loaded: string[] = [];
  const lazy = (name: string): LazyCommand => ({
    name, term: `${name} [options] <spec>`, description: `the ${name} command`,
    load: async () => {
      loaded.push(name);
      return (program, ctx) => {
        program.command(name).description(`the ${name} command`).argument('<spec>').option('--x')
          .action((spec: string) => ctx.run(() => { ctx.io.stdout(`${name} ${spec}\n`); return 0; }));
      };
    },
  });
  beforeEach(() => { loaded.length = 0; });

  test('--help lists every command from its entry and loads none', async () => {
    // GIVEN
    const io = captureIO();
    // WHEN
    const code = await runCli(['--help'], io, [lazy('one'), lazy('two')]);
    // THEN
    expect(code).toBe(0);
    expect(loaded).toStrictEqual([]);
    expect(io.out()).toContain('  one [options] <spec>  the one command\n  two [options] <spec>  the two command\n');
  });

  test('running a command loads only that command', async () => {
    // GIVEN
    const io = captureIO();
    // WHEN
    const code = await runCli(['two', 'a.yaml'], io, [lazy('one'), lazy('two')]);
    // THEN
    expect({ code, out: io.out(), loaded }).toStrictEqual({ code: 0, out: 'two a.yaml\n', loaded: ['two'] });
  });

  test('help <command> loads that command for its own help', async () => {
    // GIVEN
    const io = captureIO();
    // WHEN
    const code = await runCli(['help', 'one'], io, [lazy('one'), lazy('two')]);
    // THEN
    expect(code).toBe(0);
    expect(loaded).toStrictEqual(['one']);
    expect(io.out()).toContain('Usage: dagstep one [options] <spec>');
    expect(io.out()).toContain('--x');
  });

  test('a misspelt command is suggested without loading anything', async () => {
    // GIVEN
    const io = captureIO();
    // WHEN
    const code = await runCli(['tow', 'a.yaml'], io, [lazy('one'), lazy('two')]);
    // THEN
    expect(code).toBe(2);
    expect(loaded).toStrictEqual([]);
    expect(io.err()).toContain('(Did you mean two?)');
  });
});
