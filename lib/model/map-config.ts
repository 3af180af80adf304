import type { Problem } from './errors';
import type { MapConfig } from './types';

/** Fields only a Distributed Map has (child executions, S3 reader/writer, batching, tolerance). */
const DISTRIBUTED_ONLY = ['itemReader', 'maxItems', 'batch', 'resultWriter', 'childExecution', 'toleratedFailurePercentage', 'toleratedFailureCount'] as const;

/**
 * What the schema cannot say about a map: the distributed-only fields need `mode: distributed`,
 * and an itemReader names exactly one source (`key`, `prefix` or `manifest`), `format` only with `key`.
 */
export function mapConfigProblems(map: MapConfig | undefined, where: Omit<Problem, 'message' | 'field'>): Problem[] {
  if (!map) return [];
  const problems: Problem[] = [];
  if (map.mode !== 'distributed') {
    const used = DISTRIBUTED_ONLY.filter((k) => map[k] !== undefined);
    if (used.length > 0) problems.push({ ...where, field: 'map.mode', message: `${used.join(', ')} need${used.length === 1 ? 's' : ''} mode "distributed", received mode ${JSON.stringify(map.mode ?? 'inline')}` });
  }
  if (map.batch !== undefined && map.resultWriter === false) {
    problems.push({ ...where, field: 'map.batch', message: 'a batched map hands on its results through the ResultWriter (one result per item, in order); remove resultWriter: false' });
  }
  const r = map.itemReader;
  if (r) {
    const sources = (['key', 'prefix', 'manifest'] as const).filter((k) => r[k] !== undefined);
    if (sources.length !== 1) {
      problems.push({ ...where, field: 'map.itemReader', message: `expected exactly one of key, prefix or manifest, received ${sources.length === 0 ? 'none' : sources.join(' and ')}` });
    }
    if (r.format !== undefined && r.key === undefined) {
      problems.push({ ...where, field: 'map.itemReader.format', message: `format reads the object at key; a ${r.prefix !== undefined ? 'prefix lists objects' : 'manifest is an S3 Inventory manifest'}, remove format` });
    }
  }
  return problems;
}
