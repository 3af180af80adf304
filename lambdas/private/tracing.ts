/** The part of a Powertools Tracer the task wrapper uses (a fake can stand in for tests). */
export interface TracerLike {
  putAnnotation(key: string, value: string | number | boolean): void;
  putMetadata(key: string, value: unknown): void;
  /** A real Tracer: false outside Lambda or with POWERTOOLS_TRACE_ENABLED=false. */
  isTracingEnabled?(): boolean;
  getSegment?(): SegmentLike | undefined;
  setSegment?(segment: never): void;
  addErrorAsMetadata?(error: Error): void;
}

/** What of an X-Ray (sub)segment the wrapper touches. */
export interface SegmentLike {
  addNewSubsegment(name: string): SegmentLike;
  close(): void;
}

/**
 * Opens the handler subsegment (`## <name>`) and makes it current, as Powertools'
 * captureLambdaHandler does: Lambda's own facade segment cannot carry annotations. Returns the
 * function that records the error (if any), closes the subsegment and restores the parent.
 * When tracing is off (locally, in tests, POWERTOOLS_TRACE_ENABLED=false) it does nothing.
 */
export function openHandlerSegment(tracer: TracerLike, name: string): (error?: unknown) => void {
  if (!tracer.isTracingEnabled?.() || !tracer.getSegment || !tracer.setSegment) return () => undefined;
  const parent = tracer.getSegment();
  if (!parent) return () => undefined;
  const sub = parent.addNewSubsegment(`## ${name}`);
  const set = tracer.setSegment.bind(tracer) as (s: SegmentLike) => void;
  set(sub);
  return (error?: unknown) => {
    try {
      if (error instanceof Error) tracer.addErrorAsMetadata?.(error);
      sub.close();
    } finally {
      set(parent);
    }
  };
}

/**
 * Whether a Powertools Tracer could trace here at all. Powertools switches tracing off when
 * AWS_EXECUTION_ENV is empty, i.e. outside a Lambda execution environment, whatever else is set
 * (Tracer.setTracingEnabled in @aws-lambda-powertools/tracer: `!isLambdaExecutionEnv()`; the
 * Powertools docs: "Tracer ... disabled when not running in the Lambda environment"). Inside
 * Lambda the real Tracer applies the rest of its rules (POWERTOOLS_TRACE_ENABLED, SAM, Amplify).
 */
export function tracingPossible(): boolean {
  return (process.env.AWS_EXECUTION_ENV ?? '') !== '';
}

/** What the wrapper traces with where no Tracer could trace: nothing. */
export const NO_TRACER: TracerLike = { putAnnotation: () => undefined, putMetadata: () => undefined, isTracingEnabled: () => false };

/**
 * A Powertools Tracer built on first use. Loading it loads aws-xray-sdk-core, whose cls-hooked
 * context enables an async hook for the life of the process: every promise then pays an init and
 * a destroy callback (about 8x slower awaits measured here), and every reload of the module (a
 * test runner's fresh module registry per file) adds one more hook. A handler file that never
 * touches the tracer (locally, in tests) now never loads it.
 */
export function lazyTracer<T extends object>(serviceName: () => string): T {
  let real: T | undefined;
  const get = (): T => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use on purpose (see above)
    real ??= new (require('@aws-lambda-powertools/tracer') as { Tracer: new (o: object) => T }).Tracer({ serviceName: serviceName() });
    return real;
  };
  return new Proxy({} as T, {
    get: (_t, key) => {
      const t = get();
      const v: unknown = Reflect.get(t, key, t);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
    set: (_t, key, value) => Reflect.set(get(), key, value),
    has: (_t, key) => Reflect.has(get(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(get()),
  });
}
