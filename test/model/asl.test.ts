import { AslState, processorOf } from '../../lib/model/asl';

describe('asl', () => {
  test('processorOf prefers ItemProcessor and falls back to the legacy Iterator', () => {
    // GIVEN a Map with each field and one with neither
    const p = { StartAt: 'A', States: {} };
    const both: AslState = { Type: 'Map', ItemProcessor: p, Iterator: { StartAt: 'B', States: {} } };
    const legacy: AslState = { Type: 'Map', Iterator: p };
    // WHEN / THEN
    expect([processorOf(both), processorOf(legacy), processorOf({ Type: 'Pass' })]).toStrictEqual([p, p, undefined]);
  });
});
