import type { AslMachine, AslState } from '../model/asl';

/** JSON as the engine passes it around. */
export type Json = unknown;
/** A state of a definition (typed ASL, shared with compile/checks). */
export type State = AslState;
/** A (sub-)state machine: top level, a Parallel branch or a Map item processor. */
export type Machine = AslMachine;
