import * as fs from 'fs';
import * as path from 'path';
import { handlerModuleProblem, isInside, projectDirOf } from '../../lib/model/handler-module';
import { tempDir } from '../support/temp';

let dir: string;
const write = (name: string, body: string) => { const f = path.join(dir, name); fs.writeFileSync(f, body); return f; };
beforeAll(() => { dir = tempDir('handler-module-'); });

describe('handlerModuleProblem', () => {
  test('modules exporting handler pass, in every module style, without running them', () => {
    // GIVEN handlers that would throw if run
    const files = [
      write('esm.ts', 'throw new Error("ran");\nexport const handler = async (e: unknown) => e;\n'),
      write('fn.mjs', 'throw new Error("ran");\nexport async function handler(e) { return e; }\n'),
      write('renamed.ts', 'const main = async () => 1;\nexport { main as handler };\n'),
      write('cjs.js', 'throw new Error("ran");\nexports.handler = async (e) => e;\n'),
      write('cjs2.cjs', 'module.exports = { handler: async (e) => e };\n'),
      write('reexport.ts', 'export * from "./esm";\n'),
    ];
    // WHEN / THEN
    expect(files.map(handlerModuleProblem)).toStrictEqual(Array(files.length).fill(undefined));
  });

  test('not a module, not parsing, or no handler export: each says so', () => {
    // GIVEN
    const txt = write('notes.txt', 'hello');
    const broken = write('broken.ts', 'export const handler = (;\n');
    const none = write('none.ts', 'export const main = 1;\nexport default { handler: () => 1 };\n');
    // WHEN / THEN
    expect(handlerModuleProblem(txt)).toBe('expected a JavaScript or TypeScript module (.ts, .mts, .cts, .js, .mjs, .cjs), received "notes.txt"');
    expect(handlerModuleProblem(broken)).toBe('does not parse at line 1, column 25: Unexpected ";"');
    expect(handlerModuleProblem(none)).toBe('does not export a function named "handler" (exports: default, main); Lambda calls <file>.handler');
  });
});

describe('project directory', () => {
  test('the nearest package.json above the spec, else the spec directory', () => {
    // GIVEN a repo-like tree and a bare directory
    fs.mkdirSync(path.join(dir, 'repo', 'specs'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'repo', 'package.json'), '{}');
    // WHEN / THEN
    expect(projectDirOf(path.join(dir, 'repo', 'specs'))).toBe(path.join(dir, 'repo'));
    expect(projectDirOf(path.join(__dirname))).toBe(path.resolve(__dirname, '../..'));
    expect(isInside('/a/b', '/a/b/c.ts')).toBe(true);
    expect(isInside('/a/b', '/a/bc/d.ts')).toBe(false);
    expect(isInside('/a/b', '/etc/passwd')).toBe(false);
  });
});
