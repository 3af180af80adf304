/**
 * Typed Amazon States Language definitions, shared by the compile checks (which walk the ASL
 * dagstep renders) and the local engine (which runs any ASL). Fields follow the AWS Step Functions
 * developer guide; every field is optional except `Type` so a definition read from JSON can be
 * checked field by field. Unknown fields stay readable through the index signature.
 */

export type QueryLanguage = 'JSONPath' | 'JSONata';

export type StateType = 'Pass' | 'Task' | 'Choice' | 'Wait' | 'Succeed' | 'Fail' | 'Parallel' | 'Map';

/** A Retry entry. */
export interface AslRetrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds?: number;
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: string;
  readonly Comment?: string;
}

/** A Catch entry. */
export interface AslCatcher {
  readonly ErrorEquals: readonly string[];
  readonly Next: string;
  readonly ResultPath?: string | null;
  readonly Output?: unknown;
  readonly Assign?: Readonly<Record<string, unknown>>;
  readonly Comment?: string;
}

/** A Choice rule (JSONPath comparison or JSONata Condition) and its target. */
export interface AslChoiceRule {
  readonly Next?: string;
  readonly Variable?: string;
  readonly Condition?: unknown;
  readonly And?: readonly AslChoiceRule[];
  readonly Or?: readonly AslChoiceRule[];
  readonly Not?: AslChoiceRule;
  readonly Output?: unknown;
  readonly Assign?: Readonly<Record<string, unknown>>;
  readonly Comment?: string;
  readonly [operator: string]: unknown;
}

/** Map's ItemProcessor / Iterator. */
export interface AslProcessor extends AslMachine {
  readonly ProcessorConfig?: { readonly Mode?: 'INLINE' | 'DISTRIBUTED'; readonly ExecutionType?: string };
}

/**
 * One state, any type. Numeric fields (TimeoutSeconds, Seconds, MaxConcurrency...) may be a
 * `{% %}` string in JSONata states; the engine reads them as unknown and checks them at run time.
 */
export interface AslState {
  readonly Type: string;
  readonly Comment?: string;
  readonly QueryLanguage?: QueryLanguage;
  readonly Next?: string;
  readonly End?: boolean;
  // JSONPath input/output processing
  readonly InputPath?: string | null;
  readonly OutputPath?: string | null;
  readonly Parameters?: unknown;
  readonly ResultSelector?: unknown;
  readonly ResultPath?: string | null;
  // JSONata input/output processing
  readonly Arguments?: unknown;
  readonly Output?: unknown;
  // both
  readonly Assign?: Readonly<Record<string, unknown>>;
  // Pass
  readonly Result?: unknown;
  // Task
  readonly Resource?: string;
  readonly TimeoutSeconds?: number;
  readonly TimeoutSecondsPath?: string;
  readonly HeartbeatSeconds?: number;
  readonly HeartbeatSecondsPath?: string;
  readonly Credentials?: unknown;
  // Task, Parallel, Map
  readonly Retry?: readonly AslRetrier[];
  readonly Catch?: readonly AslCatcher[];
  // Choice
  readonly Choices?: readonly AslChoiceRule[];
  readonly Default?: string;
  // Wait
  readonly Seconds?: number;
  readonly SecondsPath?: string;
  readonly Timestamp?: string;
  readonly TimestampPath?: string;
  // Fail
  readonly Error?: string;
  readonly ErrorPath?: string;
  readonly Cause?: string;
  readonly CausePath?: string;
  // Parallel
  readonly Branches?: readonly AslMachine[];
  // Map
  readonly ItemProcessor?: AslProcessor;
  readonly Iterator?: AslProcessor;
  readonly ItemsPath?: string;
  readonly Items?: unknown;
  readonly ItemSelector?: unknown;
  readonly ItemReader?: unknown;
  readonly ItemBatcher?: unknown;
  readonly ResultWriter?: unknown;
  readonly MaxConcurrency?: number;
  readonly MaxConcurrencyPath?: string;
  readonly ToleratedFailurePercentage?: number;
  readonly ToleratedFailurePercentagePath?: string;
  readonly ToleratedFailureCount?: number;
  readonly ToleratedFailureCountPath?: string;
  readonly Label?: string;
  readonly [key: string]: unknown;
}

/** A state machine: the top level, a Parallel branch or a Map item processor. */
export interface AslMachine {
  readonly StartAt: string;
  readonly States: Readonly<Record<string, AslState>>;
  readonly Comment?: string;
  readonly TimeoutSeconds?: number;
  readonly QueryLanguage?: QueryLanguage;
  readonly Version?: string;
}

/** The processor of a Map state (ItemProcessor, or the legacy Iterator). */
export function processorOf(state: AslState): AslProcessor | undefined {
  return state.ItemProcessor ?? state.Iterator;
}
