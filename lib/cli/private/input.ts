import * as fs from 'fs';
import { SpecError } from '../../model/errors';
import { readUserFile } from '../io';

/**
 * The value of an `--input` flag: the path of a JSON file, or the JSON itself
 * (`--input '{"logicalDate": "2026-11-27T02:00:00Z"}'`). An existing file wins; text that is not a
 * file is read as JSON when it starts like JSON (`{`, `[`, `"`, a digit, true/false/null). Either
 * mistake is a SpecError naming the flag and what was expected. A path that exists is read bounded
 * ({@link readUserFile}): a FIFO, a device or a file over the size limit is refused, never read.
 */
export function readInput(value: string, flag = '--input'): unknown {
  if (fs.existsSync(value)) return parseJson(readUserFile(value, flag), value, flag);
  if (looksLikeJson(value)) return parseJson(value, undefined, flag);
  throw new SpecError({ file: value, field: flag, message: 'cannot read the input file (expected a JSON file, or inline JSON such as \'{"date": "2026-11-24"}\')' });
}

function looksLikeJson(text: string): boolean {
  return /^\s*([{["\d-]|true\b|false\b|null\b)/.test(text);
}

function parseJson(text: string, file: string | undefined, flag: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const where = file === undefined ? { file: flag, message: `expected JSON, received ${JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text)}: ${(e as Error).message}` }
      : { file, field: flag, message: `expected JSON: ${(e as Error).message}` };
    throw new SpecError(where);
  }
}
