import type { CommandSource } from './program';

/**
 * Every dagstep command, in the order `dagstep --help` lists them. Each is loaded only when run,
 * so help and each command import just what they need; test/cli/commands.test.ts checks that
 * these names, terms and descriptions match the command modules. (A plain `registerX` entry
 * also works; it is loaded eagerly.)
 */
export const COMMANDS: readonly CommandSource[] = [
  { name: 'compile', term: 'compile [options] <spec>', description: 'compile a workflow to its state machine definition (asl), a mermaid graph, or its CloudFormation template', load: async () => (await import('./compile')).registerCompile },
  { name: 'graph', term: 'graph [options] <spec>', description: 'print the DAG by level with its critical path and the layout the compiler uses', load: async () => (await import('./graph')).registerGraph },
  { name: 'check', term: 'check [options] <spec>', description: 'run the QA checklist (idempotent retries, failure paths, timeouts, map limits, secrets, Step Functions limits)', load: async () => (await import('./check')).registerCheck },
  { name: 'run', term: 'run [options] <spec>', description: 'run the compiled state machine locally, in-process, on a virtual clock', load: async () => (await import('./run')).registerRun },
  { name: 'simulate', term: 'simulate [options] <spec>', description: 'run many local executions with random faults and check that nothing is lost', load: async () => (await import('./simulate')).registerSimulate },
  { name: 'cost', term: 'cost [options] <spec>', description: 'estimate what a workflow costs on AWS per execution and per month, from simulated runs of its compiled definition', load: async () => (await import('./cost')).registerCost },
  { name: 'runbook', term: 'runbook [options] <spec>', description: 'write the on-call runbook (markdown): the graph, each alarm and what to do, finding, fixing and redriving failures', load: async () => (await import('./runbook')).registerRunbook },
  { name: 'start', term: 'start [options] <workflow>', description: 'start an execution of a deployed workflow (its live alias when it has one)', load: async () => (await import('./start')).registerStart },
  { name: 'watch', term: 'watch [options] <executionArn>', description: 'follow a running execution: one line per task state change, until it ends', load: async () => (await import('./watch')).registerWatch },
  { name: 'history', term: 'history [options] <executionArn>', description: 'print the execution history of a deployed workflow run', load: async () => (await import('./history')).registerHistory },
  { name: 'replay', term: 'replay [options] <executionArn>', description: 're-run a deployed execution locally from its recorded history (--from <task> re-runs that task and those after it with the current code)', load: async () => (await import('./replay')).registerReplay },
  { name: 'approve', term: 'approve [options] <executionArn> <task>', description: 'approve the waiting approval task of a deployed execution', load: async () => (await import('./approve')).registerApprove },
  { name: 'reject', term: 'reject [options] <executionArn> <task>', description: 'reject the waiting approval task of a deployed execution (it fails with dagstep.Rejected)', load: async () => (await import('./approve')).registerReject },
  { name: 'dlq', term: 'dlq', description: 'inspect and recover the dead-letter queue of a deployed workflow', load: async () => (await import('./dlq')).registerDlq },
  { name: 'backfill', term: 'backfill [options] <workflow>', description: 'run a deployed workflow once per past time slot (input gets logicalDate); repeating a backfill skips slots already run', load: async () => (await import('./backfill')).registerBackfill },
  { name: 'exec', term: 'exec [options] <definition>', description: 'run any Amazon States Language definition locally (Step Functions Local mock files supported)', load: async () => (await import('./exec')).registerExec },
];
