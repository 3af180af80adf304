import { Command, InvalidArgumentError, Option } from 'commander';

/**
 * A region name as the AWS SDK accepts it: a valid hostname component (letters, digits, inner
 * hyphens, not all digits). The SDK checks this only when a client builds its endpoint, where a
 * bad value is a thrown Error with a stack; here it is a usage error naming the flag.
 */
const REGION = /^(?![0-9]+$)(?!-)[a-zA-Z0-9-]{1,63}(?<!-)$/;

/** A whole number ≥ 1 (counts, limits), as a commander value parser. */
export function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return n;
}

function region(v: string): string {
  if (!REGION.test(v)) throw new InvalidArgumentError(`expected an AWS region such as eu-west-1, received ${JSON.stringify(v)}`);
  return v;
}

/**
 * Makes every flag value of every command a usage error when it is bad, never a stack trace:
 * a value parser that returns NaN or throws anything becomes commander's InvalidArgumentError
 * (printed as `error: option '--seed <n>' argument 'x' is invalid. …`, exit 2), and `--region`
 * is checked before any AWS client sees it.
 */
export function checkFlagValues(program: Command): void {
  for (const cmd of [program, ...allCommands(program)]) {
    for (const opt of cmd.options as Option[]) harden(opt);
  }
}

function allCommands(c: Command): Command[] {
  return c.commands.flatMap((sub) => [sub, ...allCommands(sub)]);
}

function harden(opt: Option): void {
  if (opt.long === '--region' && !opt.parseArg) opt.argParser(region);
  const parse = opt.parseArg;
  if (!parse) return;
  opt.argParser((value: string, previous: unknown) => {
    let parsed: unknown;
    try {
      parsed = parse(value, previous);
    } catch (e) {
      if (e instanceof InvalidArgumentError) throw e;
      throw new InvalidArgumentError((e as Error)?.message ?? String(e));
    }
    if (typeof parsed === 'number' && Number.isNaN(parsed)) throw new InvalidArgumentError(`expected a number, received ${JSON.stringify(value)}`);
    return parsed;
  });
}
