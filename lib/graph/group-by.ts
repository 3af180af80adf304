/**
 * Items grouped by key, each group in the items' order, groups in the order their keys first
 * appear, in one pass (filtering once per key is quadratic on 10,000-task workflows and runs).
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
