import { RESERVED_LAMBDA_ENV, reservedEnvReason } from '../../lib/model/reserved-env';

describe('reservedEnvReason', () => {
  test('every name the Lambda runtime sets is refused with a reason', () => {
    // GIVEN the documented list / WHEN checked / THEN each has a reason naming it
    for (const name of RESERVED_LAMBDA_ENV) {
      expect(reservedEnvReason(name)).toBe(`"${name}" is reserved by the Lambda runtime (it sets it itself) and cannot be set`);
    }
    expect(RESERVED_LAMBDA_ENV.has('AWS_SECRET_ACCESS_KEY')).toBe(true);
    expect(RESERVED_LAMBDA_ENV.has('_X_AMZN_TRACE_ID')).toBe(true);
  });

  test('the AWS_LAMBDA_ and DAGSTEP_ families are refused; ordinary and allowed AWS_ names pass', () => {
    // GIVEN / WHEN / THEN
    expect(reservedEnvReason('AWS_LAMBDA_EXEC_WRAPPER')).toBe('"AWS_LAMBDA_EXEC_WRAPPER": names starting with AWS_LAMBDA_ are reserved by the Lambda runtime and cannot be set');
    expect(reservedEnvReason('DAGSTEP_SECRETS')).toBe('"DAGSTEP_SECRETS": names starting with DAGSTEP_ are set by dagstep itself and cannot be set by a task');
    expect(['AWS_NODEJS_CONNECTION_REUSE_ENABLED', 'TABLE_NAME', 'LANG', 'PATH', 'NODE_OPTIONS'].map(reservedEnvReason)).toStrictEqual(Array(5).fill(undefined));
  });
});
