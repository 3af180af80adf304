import { Duration, Stack } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { CompileError } from '../model/errors';
import { AssetChainDefinitionBody } from './asset-definition';
import { CrossEdgeRenderer } from './cross-edges';
import { DeadLetterRouter } from './dead-letter';
import { DEFINITION_BYTES_BUDGET, estimatedTaskBytes } from './definition-size';
import { ChildNode, partitionPlan, PartNode } from './partition';
import { DEFAULT_MAX_TASKS_PER_STATE_MACHINE, WorkflowPlan } from './plan-workflow';
import { idSafeScope } from './private/id-safe-scope';
import { renderReferences } from './references';
import { StateBuilder } from './state-builder';
import type { KindResources } from './task-kinds/kind-resources';
import type { TaskBuildContext } from './task-kinds/task-kind';
import { crossWaitTimeoutSeconds } from './worst-case';

/** Above this many tasks, definitions ship as S3 assets so templates stay far below 1 MB. */
export const INLINE_DEFINITION_MAX_TASKS = 150;

/** Props of {@link buildMachines}: a laid-out plan and the resources its states name. */
export interface MachinesProps {
  /** The validated, laid-out workflow (planWorkflow). */
  readonly plan: WorkflowPlan;
  /**
   * Most tasks one state machine runs; larger plans are split into child state machines. A plan
   * without cross-branch waits is also split where a machine is estimated over DEFINITION_BYTES_BUDGET.
   * @default DEFAULT_MAX_TASKS_PER_STATE_MACHINE (300)
   */
  readonly maxTasksPerStateMachine?: number;
  /** TimeoutSeconds of every state machine (child-execution states wait a margin beyond it). */
  readonly timeoutSeconds: number;
  /** The function a Lambda task invokes. */
  readonly functionFor: (taskId: string) => lambda.IFunction;
  /** Where every unrecoverable failure is sent. */
  readonly deadLetterQueue: sqs.IQueue;
  /** Where the states of cross-branch waits keep their items; required when the plan has cross edges. */
  readonly coordinationTableName?: string;
  /** What non-Lambda task kinds run on. @default - none (a plan of Lambda tasks only) */
  readonly kindResources?: KindResources;
  /** Logging of every state machine. */
  readonly logs: sfn.LogOptions;
  /** Wraps the main machine's definition (the concurrency gate). @default - the definition as built */
  readonly wrapMain?: (states: Construct, definition: sfn.IChainable) => sfn.IChainable;
  /**
   * True when only the definitions are read (definitionOf) and the template is never synthesized:
   * S3-asset definitions are then not written, staged nor given substitutions (seconds on 10,000
   * tasks). The definitions are the same. @default false
   */
  readonly definitionsOnly?: boolean;
}

/** The state machines of a workflow. */
export interface Machines {
  readonly main: sfn.StateMachine;
  /** Child state machines of a partitioned plan, by index (plan order); empty when it fits in one. */
  readonly children: readonly sfn.StateMachine[];
  /**
   * The definition `machine` gets, with CloudFormation references rendered as `${LogicalId.Arn}` /
   * `${LogicalId}` placeholders (inline and S3-asset definitions alike).
   */
  definitionOf(machine: sfn.StateMachine): Record<string, unknown>;
}

/**
 * The compile stage: turns a plan into state machines in `scope` (`StateMachine`, its states under
 * `States`, and `Child<N>StateMachine` / `Child<N>States` for each part of a partitioned plan).
 * Partitions the plan by task count and definition size, ships definitions of large workflows as S3
 * assets, and builds child machines (a child may start children of its own).
 * @throws CompileError when the plan needs child machines but has cross-branch waits
 */
export function buildMachines(scope: Construct, props: MachinesProps): Machines {
  return new MachineBuilder(scope, props).build();
}

/**
 * The tasks nothing depends on: what the output of a partitioned workflow carries (all results of
 * thousands of tasks would not fit Step Functions' 256 KB state).
 */
function finalTasks(wp: WorkflowPlan): string[] {
  const used = new Set(wp.model.tasks.flatMap((t) => t.dependsOn));
  return wp.model.tasks.filter((t) => !used.has(t.id) && !wp.fallbackOnly.has(t.id)).map((t) => t.id);
}

class MachineBuilder {
  private readonly partitioned: { readonly root: PartNode; readonly children: readonly ChildNode[] };
  private readonly inS3: boolean;
  // By index (plan order), whatever order they are built in (a nested child is built before its parent).
  private readonly children: sfn.StateMachine[] = [];
  private readonly assetBodies = new Map<sfn.StateMachine, AssetChainDefinitionBody>();

  constructor(private readonly scope: Construct, private readonly props: MachinesProps) {
    this.partitioned = this.partition();
    this.inS3 = props.plan.model.tasks.length > INLINE_DEFINITION_MAX_TASKS || this.partitioned.children.length > 0;
  }

  build(): Machines {
    const { plan } = this.props;
    const states = idSafeScope(this.scope, 'States');
    const definition = new StateBuilder(this.context(states, false), this.crossEdges(states), (n, e, o) => this.child(n, e, o))
      .build({ root: this.partitioned.root, crossEdges: plan.plan.crossEdges }, undefined,
        this.partitioned.children.length > 0 ? finalTasks(plan) : undefined);
    const wrapped = this.props.wrapMain ? this.props.wrapMain(states, definition) : definition;
    const main = this.machine('StateMachine', wrapped, plan.model.description);
    return { main, children: this.children, definitionOf: (m) => this.definitionOf(m) };
  }

  /**
   * Split by size too, where it can be: cross-branch waits cannot span machines, so a layout with
   * waits stays whole (and `dagstep check` reports a definition over 1 MB).
   */
  private partition(): { root: PartNode; children: ChildNode[] } {
    const { plan } = this.props;
    const maxTasks = this.props.maxTasksPerStateMachine ?? DEFAULT_MAX_TASKS_PER_STATE_MACHINE;
    const waits = plan.plan.crossEdges.length > 0;
    const partitioned = partitionPlan(plan.plan.root, maxTasks, waits ? undefined : {
      bytesOf: (id) => estimatedTaskBytes(plan.taskById.get(id)!), maxBytes: DEFINITION_BYTES_BUDGET,
    });
    if (partitioned.children.length > 0 && waits) {
      throw new CompileError({
        file: plan.model.source, field: 'layout',
        message: `${plan.model.tasks.length} tasks need child state machines (more than ${maxTasks} per machine), which cross-branch waits cannot span; use layout "sp"`,
      });
    }
    return partitioned;
  }

  /** The renderer of cross-branch waits, when the plan has any. */
  private crossEdges(states: Construct): CrossEdgeRenderer | undefined {
    const { plan, coordinationTableName } = this.props;
    if (plan.plan.crossEdges.length === 0) return undefined;
    if (coordinationTableName === undefined) throw new Error('internal: a plan with cross-branch waits needs a coordination table');
    return new CrossEdgeRenderer(states, coordinationTableName, crossWaitTimeoutSeconds(plan));
  }

  /** What building the states of one machine (`states` scope) needs. */
  private context(states: Construct, insideChild: boolean): TaskBuildContext {
    const { plan } = this.props;
    return {
      construct: states, model: plan.model, functionFor: this.props.functionFor,
      deadLetters: new DeadLetterRouter(states, plan.model.name, this.props.deadLetterQueue, insideChild),
      taskById: plan.taskById, executionTimeoutSeconds: this.props.timeoutSeconds, insideChild, kindResources: this.props.kindResources,
    };
  }

  /** The child state machine of one part, built when its parent's states reach it. */
  private child(node: ChildNode, external: readonly string[], outputIds: readonly string[]): sfn.StateMachine {
    const states = idSafeScope(this.scope, `Child${node.index}States`);
    const chain = new StateBuilder(this.context(states, true), undefined, (n, e, o) => this.child(n, e, o))
      .build({ root: node.root, crossEdges: [] }, external, outputIds);
    const sm = this.machine(`Child${node.index}StateMachine`, chain, `dagstep ${this.props.plan.model.name}: part ${node.index} of a partitioned workflow`);
    this.children[node.index - 1] = sm;
    return sm;
  }

  /** A Standard state machine with X-Ray and logs; its definition inline or, when large, an S3 asset. */
  private machine(id: string, chain: sfn.IChainable, comment?: string): sfn.StateMachine {
    const body = this.inS3 ? new AssetChainDefinitionBody(chain, this.props.definitionsOnly !== true) : sfn.DefinitionBody.fromChainable(chain);
    const sm = new sfn.StateMachine(this.scope, id, {
      definitionBody: body,
      stateMachineType: sfn.StateMachineType.STANDARD,
      tracingEnabled: true,
      timeout: Duration.seconds(this.props.timeoutSeconds),
      comment,
      logs: this.props.logs,
    });
    if (body instanceof AssetChainDefinitionBody) {
      body.applySubstitutions(sm);
      this.assetBodies.set(sm, body);
    }
    return sm;
  }

  private definitionOf(machine: sfn.StateMachine): Record<string, unknown> {
    const asset = this.assetBodies.get(machine);
    if (asset) return asset.renderedDefinition() as Record<string, unknown>;
    const cfn = machine.node.defaultChild as sfn.CfnStateMachine;
    return JSON.parse(renderReferences(Stack.of(machine), cfn.definitionString)) as Record<string, unknown>;
  }
}
