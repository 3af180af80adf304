import { DagstepError, Problem } from '../../../model/errors';

/** An AWS operation the user can act on failed (no credentials, stack or execution not found...). */
export class OperationError extends DagstepError {
  constructor(problems: Problem | readonly Problem[]) {
    super('OperationError', Array.isArray(problems) ? problems : [problems as Problem]);
  }
}

/** Runs an AWS call; errors the user can act on become one-line OperationErrors naming `where`. */
export async function aws<T>(where: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    const err = e as { name?: string; message?: string; $metadata?: unknown };
    if (err && (err.$metadata !== undefined || /Credential|Token|Region|AccessDenied|NotFound|DoesNotExist|Validation|Throttl|Expired/.test(err.name ?? ''))) {
      throw new OperationError({ file: where, message: `${err.name ?? 'Error'}: ${err.message ?? String(e)}` });
    }
    throw e;
  }
}
