import { errorClassOf, safely } from '../../../lambdas/private/observe';
import { ValidationError } from '../../../lambdas/errors';

describe('errorClassOf', () => {
  test.each([
    [new ValidationError('x'), 'ValidationError'], [new RangeError('x'), 'RangeError'], ['a string', 'Error'],
    [undefined, 'Error'], [null, 'Error'], [{ name: '' }, 'Error'], [{ name: 42 }, 'Error'],
  ])('%p is reported as %s', (error, expected) => {
    // GIVEN / WHEN / THEN
    expect(errorClassOf(error)).toBe(expected);
  });
});

describe('safely', () => {
  test('a throwing step warns with what failed and does not throw', () => {
    // GIVEN
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    // WHEN
    safely('metrics', () => { throw new Error('boom'); });
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- the case under test: a thrown non-Error
    safely('logging', () => { throw 'plain'; });
    // THEN
    expect(warn.mock.calls).toStrictEqual([['dagstep: metrics failed, continuing: boom'], ['dagstep: logging failed, continuing: plain']]);
    warn.mockRestore();
  });
});
