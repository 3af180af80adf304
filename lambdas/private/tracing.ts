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
