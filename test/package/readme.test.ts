import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The ```ts blocks of one `## ` section of the README. */
function tsBlocks(section: string): string[] {
  const start = README.indexOf(`\n## ${section}\n`);
  const end = README.indexOf('\n## ', start + 1);
  return [...README.slice(start, end === -1 ? undefined : end).matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
}

describe('README', () => {
  test('the "Testing your workflow" example is test/testing/readme-example.test.ts, verbatim', () => {
    // GIVEN / WHEN
    const [example] = tsBlocks('Testing your workflow');
    // THEN
    expect(example).toBe(fs.readFileSync(path.join(ROOT, 'test', 'testing', 'readme-example.test.ts'), 'utf8'));
  });

  test.each(['Deploy', 'Use it as a library', 'Testing your workflow'])('every TypeScript snippet of "%s" shows its imports', (section) => {
    // GIVEN / WHEN
    const blocks = tsBlocks(section);
    // THEN
    expect(blocks.length).toBeGreaterThan(0);
    for (const b of blocks) expect(b).toMatch(/^(\/\/.*\n)?import /);
  });
});
