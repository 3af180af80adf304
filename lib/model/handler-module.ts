import * as fs from 'fs';
import * as path from 'path';

/** File extensions a task handler may have (what Lambda's Node.js runtime and the bundler load). */
export const HANDLER_EXTENSIONS: readonly string[] = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];

/**
 * The project a spec belongs to: the nearest directory at or above `baseDir` holding a
 * package.json, else `baseDir` itself. Handlers must stay inside it unless the spec opts out.
 */
export function projectDirOf(baseDir: string): string {
  let dir = path.resolve(baseDir);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(baseDir);
    dir = parent;
  }
}

/** True when `file` is `dir` or below it. */
export function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

const cache = new Map<string, string | undefined>();

/**
 * Loads a handler module the way the bundler will, without running it: the file must be a
 * JavaScript/TypeScript module that parses and exports `handler`. Returns what is wrong, or
 * undefined. Results are cached per file and modification time.
 */
export function handlerModuleProblem(file: string): string | undefined {
  const ext = path.extname(file).toLowerCase();
  if (!HANDLER_EXTENSIONS.includes(ext)) {
    return `expected a JavaScript or TypeScript module (${HANDLER_EXTENSIONS.join(', ')}), received "${path.basename(file)}"`;
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return undefined; // "not found" is reported by the caller
  }
  const key = `${file}\0${stat.mtimeMs}\0${stat.size}`;
  if (cache.has(key)) return cache.get(key);
  const problem = inspect(file, ext);
  cache.set(key, problem);
  return problem;
}

function inspect(file: string, ext: string): string | undefined {
  // Loaded lazily: only specs that name handlers pay for esbuild.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: only specs that name handlers load esbuild
  const esbuild = require('esbuild') as typeof import('esbuild');
  let source: string;
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return `cannot read the handler file: ${(e as Error).message}`;
  }
  let exports: readonly string[];
  try {
    const out = esbuild.buildSync({
      stdin: { contents: source, loader: ext.endsWith('ts') ? 'ts' : 'js', sourcefile: file, resolveDir: path.dirname(file) },
      bundle: false, write: false, metafile: true, format: 'esm', logLevel: 'silent', platform: 'node',
    });
    exports = Object.values(out.metafile?.outputs ?? {}).flatMap((o) => o.exports);
  } catch (e) {
    const first = (e as { errors?: { text: string; location?: { line: number; column: number } | null }[] }).errors?.[0];
    if (!first) return `does not parse: ${(e as Error).message.split('\n')[0]}`;
    const at = first.location ? ` at line ${first.location.line}, column ${first.location.column + 1}` : '';
    return `does not parse${at}: ${first.text}`;
  }
  if (exports.includes('handler')) return undefined;
  if (/\bexport\s*\*\s*from\b/.test(source)) return undefined; // re-exports another module: cannot tell without following it
  if (/\b(module\.)?exports\.handler\s*=|\bexports\s*,\s*["']handler["']|\bmodule\.exports\s*=\s*\{[^}]*\bhandler\b/.test(source)) return undefined;
  return `does not export a function named "handler" (exports: ${exports.length > 0 ? exports.join(', ') : 'none'}); Lambda calls <file>.handler`;
}
