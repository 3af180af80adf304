/** Stops a branch or iteration at its next state once a sibling (or the enclosing state) failed. */
export interface Signal { stopped: boolean; readonly parent?: Signal }
export const ROOT: Signal = { stopped: false };
export function stopped(s: Signal | undefined): boolean {
  for (let x = s; x; x = x.parent) if (x.stopped) return true;
  return false;
}
