/** Public surface of the simulated Kubernetes API server. */
export { createKubeStore, formatKubeTime, KubeStoreError } from "./store";
export type { KubeStoreImpl, KubeStoreOptions, StoreWatchEvent, StoreWatchListener, UpdateOptions } from "./store";
export { createPodLogs, formatLogTimestamp } from "./pod-logs";
export type { LogLine, PodLogStore } from "./pod-logs";
export { startKubeApiServer } from "./server";
export type { KubeApiServer, KubeApiServerOptions } from "./server";
export { RESOURCE, RESOURCES, findResource } from "./resources";
export type { ResourceInfo } from "./resources";
export { compileLabelSelector } from "./label-selector";
export { kubeconfigFor } from "./kubeconfig";
export type * from "./types";
