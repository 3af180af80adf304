import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

/** The sources `npm run build` (tsconfig.build.json) compiles, relative to the repository. */
function buildSources(): string[] {
  const walk = (dir: string): string[] => (fs.readdirSync(path.join(ROOT, dir), { recursive: true }) as string[])
    .map((f) => path.join(dir, f))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  const schemas = fs.readdirSync(path.join(ROOT, 'schema')).filter((f) => f.endsWith('.json')).map((f) => path.join('schema', f));
  return [...walk('lib'), ...walk('lambdas'), path.join('bin', 'dagstep.ts'), ...schemas];
}

const outputOf = (source: string): string => path.join(ROOT, 'dist', source.endsWith('.ts') ? source.replace(/\.ts$/, '.js') : source);

/**
 * Whether dist/ is what `npm run build` would write now: every source has its output, no output is
 * older than its source or than the build's configuration, and dist/ holds no JavaScript whose source
 * is gone. `npm ci` runs `prepare` (the build), so on a clean clone this is true and the package
 * tests need not build a second time; after an edit it is false and they build.
 */
export function distIsFresh(): boolean {
  const sources = buildSources();
  const config = ['tsconfig.json', 'tsconfig.build.json', 'package.json'].map((f) => fs.statSync(path.join(ROOT, f)).mtimeMs);
  const newestConfig = Math.max(...config);
  for (const source of sources) {
    const out = outputOf(source);
    if (!fs.existsSync(out)) return false;
    const built = fs.statSync(out).mtimeMs;
    if (built < fs.statSync(path.join(ROOT, source)).mtimeMs || built < newestConfig) return false;
  }
  const expected = new Set(sources.map(outputOf));
  const dist = path.join(ROOT, 'dist');
  const stale = (fs.readdirSync(dist, { recursive: true }) as string[])
    .map((f) => path.join(dist, f))
    .filter((f) => f.endsWith('.js') && !expected.has(f));
  return stale.length === 0;
}
