import Module from 'module';

/** TypeScript file extensions the CLI can load (DSL modules and task handlers). */
const TS_EXTENSIONS = ['.ts', '.cts', '.mts', '.tsx'] as const;

type Loader = (module: NodeJS.Module, filename: string) => void;

/**
 * Lets `require` load TypeScript, loading the TypeScript runtime (tsx) only when the first `.ts`
 * file is required: the built CLI runs plain JavaScript, and only a `.ts` DSL module or handler
 * pays for tsx. Extensions something else already handles (tsx, ts-node) are left alone.
 */
export function loadTypeScriptOnDemand(): void {
  const extensions = (Module as unknown as { _extensions: Record<string, Loader> })._extensions;
  const stubs = new Map<string, Loader>();
  const register = () => {
    for (const [ext, stub] of stubs) if (extensions[ext] === stub) delete extensions[ext];
    stubs.clear();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- tsx/cjs registers the TypeScript loader as a side effect of require
    require('tsx/cjs');
  };
  for (const ext of TS_EXTENSIONS) {
    if (extensions[ext]) continue;
    const stub: Loader = (module, filename) => {
      register();
      (extensions[ext] ?? extensions['.js'])(module, filename);
    };
    stubs.set(ext, stub);
    extensions[ext] = stub;
  }
}
