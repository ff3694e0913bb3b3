export { toScaleSetState, toRunnerSetState } from "./scale-set";
export { toRunnerState, toRunnerJob, parseFailures, hasJob } from "./runner";
export { toPodState, podRole } from "./pod";
export { toEventRecord } from "./event";
export { containerMode, toContainerSpec, toContainerStatus, runnerContainerOf } from "./container";
export { scaleSetFromRunnerName, runnerSetFromRunnerName, scaleSetFromListenerName, runnerPodFromWorkflowName, isRunnerName, isListenerName } from "./names";
export { obj, arr, str, num, bool, iso, meta, type Loose } from "./loose";
