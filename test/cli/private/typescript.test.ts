import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { transformSync } from 'esbuild';
import { tempDir } from '../../support/temp';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Runs `script` in a plain node (no TypeScript loader), with the module compiled to JS beside it. */
function inPlainNode(script: string): string {
  const dir = tempDir('dagstep-ts-');
  const src = fs.readFileSync(path.join(ROOT, 'lib', 'cli', 'private', 'typescript.ts'), 'utf8');
  fs.writeFileSync(path.join(dir, 'typescript.js'), transformSync(src, { loader: 'ts', format: 'cjs', target: 'node20' }).code);
  fs.writeFileSync(path.join(dir, 'dsl.ts'), "enum Kind { A = 'a' }\nconst n: number = 2;\nexport default { kind: Kind.A, n };\n");
  fs.writeFileSync(path.join(dir, 'main.js'), script);
  return execFileSync(process.execPath, [path.join(dir, 'main.js')], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules'), NODE_OPTIONS: '' } });
}

const TSX_LOADED = "Object.keys(require.cache).some((f) => f.includes('/node_modules/tsx/'))";

describe('loadTypeScriptOnDemand', () => {
  test('loads tsx only when the first .ts file is required, then that file loads', () => {
    // GIVEN / WHEN
    const out = inPlainNode([
      "require('./typescript').loadTypeScriptOnDemand();",
      `const before = ${TSX_LOADED};`,
      "const mod = require('./dsl.ts');",
      `console.log(JSON.stringify({ before, after: ${TSX_LOADED}, value: mod.default }));`,
    ].join('\n'));
    // THEN
    expect(JSON.parse(out)).toStrictEqual({ before: false, after: true, value: { kind: 'a', n: 2 } });
  });

  test('a process that loads no .ts file never loads tsx', () => {
    // GIVEN / WHEN
    const out = inPlainNode(`require('./typescript').loadTypeScriptOnDemand(); require('path'); console.log(${TSX_LOADED});`);
    // THEN
    expect(out.trim()).toBe('false');
  });
});
