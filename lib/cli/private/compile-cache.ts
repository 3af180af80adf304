import * as crypto from 'crypto';
import * as fs from 'fs';
import Module from 'module';
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';

/** Node's CommonJS loader internals this relies on (stable since Node 12). */
interface LoaderModule {
  exports: unknown;
  filename: string;
  require(id: string): unknown;
  _compile(content: string, filename: string): unknown;
}
interface LoaderStatics {
  wrap(script: string): string;
  _resolveFilename(request: string, parent: LoaderModule, isMain: boolean, options?: { paths?: string[] }): string;
  _resolveLookupPaths(request: string, parent: LoaderModule): string[] | null;
  _extensions: unknown;
  _cache: unknown;
  enableCompileCache?: (dir?: string) => unknown;
}

/** The folder Node ≥ 22.1's own cache uses by default, and ours on older Node (per Node build). */
function cacheDir(): string {
  const base = process.env.NODE_COMPILE_CACHE || path.join(os.tmpdir(), 'node-compile-cache');
  return path.join(base, `dagstep-${process.version}-${process.arch}`);
}

/**
 * Caches V8's compiled code of the modules the CLI loads between runs: most of a short command's
 * time is compiling aws-cdk-lib (~150 ms of a 0.5 s `compile`). Node ≥ 22.1 does this itself
 * (`module.enableCompileCache`); on older Node, dagstep's own dependencies (files under a
 * node_modules folder and dagstep's own build) are compiled through `vm.Script` with cached data
 * written at exit, as Node's cache does. The user's files are never cached. Any problem with the
 * cache falls back to Node's own compile; `NODE_DISABLE_COMPILE_CACHE=1` turns it off.
 */
export function enableCompileCache(ownRoot: string): void {
  const statics = Module as unknown as LoaderStatics;
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return;
  if (statics.enableCompileCache) {
    statics.enableCompileCache();
    return;
  }
  const dir = cacheDir();
  const proto = (Module as unknown as { prototype: LoaderModule }).prototype;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with .call(this, ...) by the wrapper below
  const original = proto._compile;
  const pending: { script: vm.Script; file: string; digest: Buffer }[] = [];
  const cacheable = (filename: string) => filename.includes(`${path.sep}node_modules${path.sep}`) || filename.startsWith(ownRoot + path.sep);

  proto._compile = function compile(this: LoaderModule, content: string, filename: string): unknown {
    if (!cacheable(filename)) return original.call(this, content, filename);
    let script: vm.Script;
    let file: string;
    let digest: Buffer;
    try {
      digest = crypto.createHash('sha1').update(content).digest();
      file = path.join(dir, `${crypto.createHash('sha1').update(filename).digest('hex')}.bin`);
      const cached = readCache(file, digest);
      // The hashbang is valid only at the very start of a script; the wrapper moves it.
      const source = content.startsWith('#!') ? `//${content}` : content;
      script = new vm.Script(statics.wrap(source), { filename, cachedData: cached });
      if (!cached || script.cachedDataRejected) pending.push({ script, file, digest });
    } catch {
      return original.call(this, content, filename); // Node reports syntax errors its own way
    }
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, requireFor(this, statics), this, filename, path.dirname(filename));
  };

  process.once('exit', () => {
    if (pending.length === 0) return;
    try {
      fs.mkdirSync(dir, { recursive: true });
      for (const p of pending) {
        // After the run, so the functions compiled lazily while running are in it too.
        const data = Buffer.concat([p.digest, p.script.createCachedData()]);
        const tmp = `${p.file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, data);
        fs.renameSync(tmp, p.file); // atomic: a concurrent run reads the old or the new file
      }
    } catch {
      // A read-only or full temp folder only costs the next run its speed.
    }
  });
}

/** The cached data of a file when it was made from this exact source, else undefined. */
function readCache(file: string, digest: Buffer): Buffer | undefined {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  return data.length > digest.length && data.subarray(0, digest.length).equals(digest) ? data.subarray(digest.length) : undefined;
}

/** The `require` a CommonJS module gets (as Node's makeRequireFunction builds it). */
function requireFor(mod: LoaderModule, statics: LoaderStatics): NodeJS.Require {
  const req = ((id: string) => mod.require(id)) as NodeJS.Require;
  const resolve = ((request: string, options?: { paths?: string[] }) => statics._resolveFilename(request, mod, false, options)) as NodeJS.RequireResolve;
  resolve.paths = (request: string) => statics._resolveLookupPaths(request, mod);
  req.resolve = resolve;
  req.main = require.main;
  req.extensions = statics._extensions as NodeJS.RequireExtensions;
  req.cache = statics._cache as NodeJS.Dict<NodeJS.Module>;
  return req;
}
