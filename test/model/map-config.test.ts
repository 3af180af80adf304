import { mapConfigProblems } from '../../lib/model/map-config';

const where = { file: 'w.yaml', taskId: 'each' };

describe('mapConfigProblems', () => {
  test('distributed-only fields on an inline map are named, with the mode received', () => {
    expect(mapConfigProblems({ itemsPath: '$.xs', maxItems: 10, batch: { maxItems: 5 } }, where)).toStrictEqual([
      { ...where, field: 'map.mode', message: 'maxItems, batch need mode "distributed", received mode "inline"' },
    ]);
  });

  test('an itemReader names exactly one of key, prefix, manifest; format only with key', () => {
    const m = (itemReader: object) => mapConfigProblems({ itemsPath: '$', mode: 'distributed', itemReader: { bucket: 'bkt', ...itemReader } }, where);
    expect(m({ key: 'a.csv', format: 'csv' })).toStrictEqual([]);
    expect(m({})).toStrictEqual([{ ...where, field: 'map.itemReader', message: 'expected exactly one of key, prefix or manifest, received none' }]);
    expect(m({ key: 'a', prefix: 'p/' })).toStrictEqual([{ ...where, field: 'map.itemReader', message: 'expected exactly one of key, prefix or manifest, received key and prefix' }]);
    expect(m({ prefix: 'p/', format: 'jsonl' })).toStrictEqual([{ ...where, field: 'map.itemReader.format', message: 'format reads the object at key; a prefix lists objects, remove format' }]);
  });

  test('a batched map needs the ResultWriter', () => {
    expect(mapConfigProblems({ itemsPath: '$', mode: 'distributed', batch: { maxItems: 10 }, resultWriter: false }, where)).toStrictEqual([
      { ...where, field: 'map.batch', message: 'a batched map hands on its results through the ResultWriter (one result per item, in order); remove resultWriter: false' },
    ]);
  });
});
