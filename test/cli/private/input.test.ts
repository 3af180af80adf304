import * as fs from 'fs';
import * as path from 'path';
import { readInput } from '../../../lib/cli/private/input';
import { tempDir } from '../../support/temp';

describe('readInput (--input)', () => {
  test('a JSON file or inline JSON', () => {
    // GIVEN a file
    const file = path.join(tempDir('input-'), 'in.json');
    fs.writeFileSync(file, '{"date": "2026-11-24"}');
    // WHEN / THEN both give the value
    expect(readInput(file)).toStrictEqual({ date: '2026-11-24' });
    expect(readInput('{"logicalDate":"2026-11-27T02:00:00Z"}')).toStrictEqual({ logicalDate: '2026-11-27T02:00:00Z' });
    expect(readInput('[1, 2]')).toStrictEqual([1, 2]);
  });

  test('neither a file nor JSON, or malformed JSON, is a user error saying what was expected', () => {
    // GIVEN a file with bad JSON
    const file = path.join(tempDir('input-'), 'bad.json');
    fs.writeFileSync(file, '{date}');
    // WHEN / THEN
    expect(() => readInput('missing.json')).toThrow('missing.json: --input: cannot read the input file (expected a JSON file, or inline JSON such as \'{"date": "2026-11-24"}\')');
    expect(() => readInput('{"date": }')).toThrow(/^--input: expected JSON, received "\{\\"date\\": \}": /);
    expect(() => readInput(file)).toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: --input: expected JSON: `));
  });
});
