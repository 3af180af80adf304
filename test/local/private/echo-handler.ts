/** A TypeScript Lambda handler for the handlers tests: echoes the event and some context fields. */
export const handler = async (event: unknown, context: { functionName: string; awsRequestId: string }) => ({
  event,
  functionName: context.functionName,
  requestId: context.awsRequestId,
});
