import { Command, CommanderError } from 'commander';
import { COMMANDS } from '../../lib/cli/commands';
import { captureIO } from '../../lib/cli/io';
import type { CommandContext } from '../../lib/cli/program';
import { dagstepCommands, readmeSnippets, shellWords } from './readme-snippets';

/**
 * Every `dagstep …` line of the README's shell snippets, read from the README now, against the
 * CLI's real command and flag table: every command module is loaded and registered, commander
 * parses the line (unknown commands and flags, missing arguments, bad choices and values fail), and
 * the command body is not run (it would need AWS or write files). The TypeScript snippets are
 * type-checked against the installed package in install.test.ts.
 */
async function realProgram(): Promise<Command> {
  const ctx: CommandContext = { io: captureIO(), run: async () => undefined };
  const program = new Command('dagstep').exitOverride().configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  for (const c of COMMANDS) (typeof c === 'function' ? c : await c.load())(program, ctx);
  const all = (cmd: Command): Command[] => cmd.commands.flatMap((s) => [s, ...all(s)]);
  for (const sub of all(program)) sub.exitOverride().configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  return program;
}

/** `[--dry-run]` in a usage line is the flag, optional. */
const unbracket = (w: string): string => w.replace(/^\[/, '').replace(/\]$/, '');

describe('README shell snippets', () => {
  const commands = dagstepCommands();

  test('every ts, js and shell snippet is checked, or opted out with a reason', () => {
    // GIVEN / WHEN
    const checked = readmeSnippets().filter((s) => /^(ts|typescript|js|javascript|sh|bash|shell|console)$/.test(s.lang));
    // THEN
    expect(checked.filter((s) => s.optOut === '').map((s) => `README.md:${s.line}`)).toStrictEqual([]);
    expect(commands.length).toBeGreaterThanOrEqual(3);
  });

  test.each(commands.map((c) => [`README.md:${c.line}: ${c.text}`, c.args]))('%s parses against the real command table', async (_name, args) => {
    // GIVEN the CLI with every command registered
    const program = await realProgram();
    // WHEN the README's line is parsed
    let error: string | undefined;
    try {
      await program.parseAsync((args).map(unbracket), { from: 'user' });
    } catch (e) {
      error = e instanceof CommanderError ? e.message : String(e);
    }
    // THEN
    expect(error).toBeUndefined();
  });

  test('the table refuses what the README once got wrong: an unknown flag, a missing argument', async () => {
    // GIVEN / WHEN / THEN
    await expect((await realProgram()).parseAsync(['run', 'x.yaml', '--inputs', 'f.json'], { from: 'user' })).rejects.toThrow("error: unknown option '--inputs'");
    await expect((await realProgram()).parseAsync(['start'], { from: 'user' })).rejects.toThrow("error: missing required argument 'workflow'");
  });
});

describe('readmeSnippets / shellWords', () => {
  test('a snippet is opted out only by the marker on the line before it, with its reason', () => {
    // GIVEN
    const text = ['a', '<!-- snippet: not run — needs AWS credentials -->', '```sh', 'dagstep start etl', '```', '<!-- snippet: not run -->', '```ts', 'x', '```', '```yaml', 'k: v', '```', ''].join('\n');
    // WHEN
    const snippets = readmeSnippets(text);
    // THEN
    expect(snippets).toStrictEqual([
      { lang: 'sh', code: 'dagstep start etl\n', line: 3, optOut: 'needs AWS credentials' },
      { lang: 'ts', code: 'x\n', line: 7, optOut: '' },
      { lang: 'yaml', code: 'k: v\n', line: 10 },
    ]);
    expect(dagstepCommands(snippets)).toStrictEqual([]);
  });

  test('shell words: quotes, escapes, comments and the end of a command', () => {
    // GIVEN / WHEN / THEN
    expect(shellWords(`npx dagstep start etl --input '{"a": 1}' --every "1 day"   # a comment`)).toStrictEqual(['npx', 'dagstep', 'start', 'etl', '--input', '{"a": 1}', '--every', '1 day']);
    expect(shellWords('npm ci && npm start')).toStrictEqual(['npm', 'ci']);
    expect(shellWords('a\\ b "c\\"d"')).toStrictEqual(['a b', 'c"d']);
  });
});
