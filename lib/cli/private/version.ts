import * as fs from 'fs';
import * as path from 'path';

/**
 * dagstep's own version, from its package.json: the nearest one above this file named `dagstep`
 * (lib/cli/private from source, dist/lib/cli/private when built).
 */
export function dagstepVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'dagstep' && typeof pkg.version === 'string') return pkg.version;
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}
