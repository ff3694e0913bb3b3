export { Store, rowsOf, type Db, type Incident, type LivesQuery, type RunnerCounts, type StoredFinding } from "./store";
export { openStore, type OpenStoreOptions } from "./open-store";
export { getStore, closeStore } from "./instance";
export { runRetention, RETENTION } from "./retention";
export { runnerActivity, type RunnerActivity } from "./codec";
