import { Construct } from 'constructs';

/**
 * A scope whose children may be named like Object.prototype members. States are constructs named
 * by their task id, and `constructs` keeps children in a plain object, so a task id `constructor`,
 * `toString` or `valueOf` would read as "already a Construct with that name". Giving this one scope
 * a prototype-free child table lets every valid task id be a state name.
 */
export function idSafeScope(parent: Construct, id: string): Construct {
  const scope = new Construct(parent, id);
  const node = scope.node as unknown as { _children?: Record<string, unknown> };
  node._children ??= Object.create(null) as Record<string, unknown>;
  return scope;
}
