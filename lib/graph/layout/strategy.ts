import type { Dag } from '../dag';
import type { Plan } from '../plan';

/** A layout strategy: turns a valid DAG into a plan of nested sequences and parallels. */
export interface LayoutStrategy {
  readonly name: string;
  layout(dag: Dag): Plan;
}
