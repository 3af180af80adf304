/**
 * Items grouped by key, each group in the items' order, in one pass: a run's attempts by task
 * (filtering the attempts once per task is quadratic on 10,000-task runs).
 */
export function groupBy<T, K>(items: Iterable<T>, keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
