import { App, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { idSafeScope } from '../../../lib/compile/private/id-safe-scope';

describe('idSafeScope', () => {
  test('children may be named like Object.prototype members', () => {
    // GIVEN a plain scope and an id-safe one
    const stack = new Stack(new App(), 'S');
    const plain = new Construct(stack, 'Plain');
    const safe = idSafeScope(stack, 'Safe');
    // WHEN children are named constructor/toString/valueOf/hasOwnProperty
    const names = ['constructor', 'toString', 'valueOf', 'hasOwnProperty'];
    // THEN the plain scope refuses them and the safe one keeps them all, findable by name
    expect(() => new Construct(plain, 'constructor')).toThrow("There is already a Construct with name 'constructor'");
    for (const n of names) new Construct(safe, n);
    expect(safe.node.children.map((c) => c.node.id)).toStrictEqual(names);
    expect(safe.node.tryFindChild('toString')?.node.path).toBe('S/Safe/toString');
    expect(() => new Construct(safe, 'valueOf')).toThrow("There is already a Construct with name 'valueOf'");
  });
});
