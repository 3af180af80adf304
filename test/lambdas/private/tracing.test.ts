import { openHandlerSegment, SegmentLike, TracerLike } from '../../../lambdas/private/tracing';

/** A tracer whose segments record what happens to them. */
function fakeTracer(enabled: boolean) {
  const events: string[] = [];
  const segment = (name: string): SegmentLike => ({
    addNewSubsegment: (n) => { events.push(`open ${n} under ${name}`); return segment(n); },
    close: () => { events.push(`close ${name}`); },
  });
  let current: SegmentLike = segment('facade');
  const tracer: TracerLike = {
    putAnnotation: () => undefined, putMetadata: () => undefined,
    isTracingEnabled: () => enabled,
    getSegment: () => current,
    setSegment: ((s: SegmentLike) => { current = s; events.push('set'); }),
    addErrorAsMetadata: (e) => { events.push(`error ${e.name}`); },
  };
  return { tracer, events, current: () => current };
}

describe('openHandlerSegment', () => {
  test('opens "## <task>" under the facade segment, makes it current, and restores the facade when closed', () => {
    // GIVEN tracing is on (in Lambda)
    const f = fakeTracer(true);
    const facade = f.current();
    // WHEN
    const close = openHandlerSegment(f.tracer, 'load');
    const during = f.current();
    close(new TypeError('bad'));
    // THEN
    expect(during).not.toBe(facade);
    expect(f.current()).toBe(facade);
    expect(f.events).toStrictEqual(['open ## load under facade', 'set', 'error TypeError', 'close ## load', 'set']);
  });

  test('does nothing when tracing is off (locally, in tests) or the tracer is a plain fake', () => {
    // GIVEN
    const off = fakeTracer(false);
    // WHEN
    openHandlerSegment(off.tracer, 'load')();
    openHandlerSegment({ putAnnotation: () => undefined, putMetadata: () => undefined }, 'load')();
    // THEN
    expect(off.events).toStrictEqual([]);
  });
});
