import { DEFAULT_PRICE_REGION, PRICED_REGIONS, pricesFor, PRICES_AS_OF } from '../../lib/model/pricing';

describe('the price table', () => {
  test('us-east-1 has the list prices of the AWS pricing pages, per unit', () => {
    // WHEN
    const p = pricesFor(DEFAULT_PRICE_REGION);
    // THEN
    expect(p).toStrictEqual({
      region: 'us-east-1', standardTransition: 0.000025,
      expressRequest: 0.000001, expressGbSecond: 0.00001667,
      lambdaRequest: 0.0000002, lambdaGbSecond: { arm64: 0.0000133334, x86_64: 0.0000166667 },
      dynamodbWrite: 0.000000625, dynamodbRead: 0.000000125, sqsRequest: 0.0000004,
      regional: ['standardTransition'],
    });
    expect(PRICES_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  test('Standard transitions are priced per region where they differ', () => {
    // THEN ($ per 1,000 transitions on the pricing page, per transition here)
    expect(['us-west-1', 'eu-west-3', 'sa-east-1', 'ap-south-1'].map((r) => pricesFor(r).standardTransition * 1000))
      .toStrictEqual([0.0279, 0.0297, 0.0375, 0.0285]);
    expect(PRICED_REGIONS).toContain('eu-west-1');
  });

  test('an unknown region names the closest known one', () => {
    // WHEN / THEN
    expect(() => pricesFor('eu-west-9')).toThrow(/no prices for region "eu-west-9" \(did you mean "eu-west-1"\?\); known regions: us-east-1, /);
  });
});
