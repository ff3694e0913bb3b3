/** ARC naming conventions (arc-model.md §1.1), used when labels are missing (pasted text). */

const RUNNER = /^(.+)-([a-z0-9]{5})-runner-[a-z0-9]{5}$/;
const LISTENER = /^(.+)-[0-9a-f]{8}-listener$/;
const WORKFLOW = /^(.+)-workflow$/;

/** `<scaleSet>-<5>-runner-<5>` → scaleSet. */
export function scaleSetFromRunnerName(name: string): string | undefined {
  return RUNNER.exec(name)?.[1];
}

/** `<scaleSet>-<5>-runner-<5>` → `<scaleSet>-<5>` (the EphemeralRunnerSet). */
export function runnerSetFromRunnerName(name: string): string | undefined {
  const m = RUNNER.exec(name);
  return m ? `${m[1]}-${m[2]}` : undefined;
}

/** `<scaleSet>-<8hex>-listener` → scaleSet. */
export function scaleSetFromListenerName(name: string): string | undefined {
  return LISTENER.exec(name)?.[1];
}

/** `<runner pod>-workflow` (container-hook job pod) → runner pod name. */
export function runnerPodFromWorkflowName(name: string): string | undefined {
  const m = WORKFLOW.exec(name);
  return m && RUNNER.test(m[1] ?? "") ? m[1] : undefined;
}

export function isRunnerName(name: string): boolean {
  return RUNNER.test(name);
}

export function isListenerName(name: string): boolean {
  return LISTENER.test(name);
}
