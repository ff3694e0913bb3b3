import { bigint, bigserial, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/*
 * Each table keeps the whole domain record in `data` (jsonb) and copies into real columns only what is
 * filtered, joined, sorted or aggregated on. Reads return `data`, so records round-trip unchanged and the
 * schema does not chase every model field.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const scaleSets = pgTable(
  "scale_sets",
  {
    cluster: text("cluster").notNull(),
    namespace: text("namespace").notNull(),
    name: text("name").notNull(),
    uid: text("uid").notNull(),
    deletedAt: ts("deleted_at"),
    updatedAt: ts("updated_at").notNull(),
    data: jsonb("data").notNull(),
  },
  (t) => [primaryKey({ columns: [t.cluster, t.namespace, t.name] })],
);

export const runnerSets = pgTable(
  "runner_sets",
  {
    cluster: text("cluster").notNull(),
    namespace: text("namespace").notNull(),
    name: text("name").notNull(),
    scaleSet: text("scale_set").notNull(),
    deletedAt: ts("deleted_at"),
    updatedAt: ts("updated_at").notNull(),
    data: jsonb("data").notNull(),
  },
  (t) => [primaryKey({ columns: [t.cluster, t.namespace, t.name] })],
);

export const runnerLives = pgTable(
  "runner_lives",
  {
    uid: text("uid").primaryKey(),
    cluster: text("cluster").notNull(),
    namespace: text("namespace").notNull(),
    scaleSet: text("scale_set").notNull(),
    name: text("name").notNull(),
    createdAt: ts("created_at").notNull(),
    /** finishedAt ?? deletedAt: null while the runner lives. Window overlap queries use it. */
    endedAt: ts("ended_at"),
    outcome: text("outcome").notNull(),
    data: jsonb("data").notNull(),
  },
  (t) => [
    index("runner_lives_set_created_idx").on(t.cluster, t.namespace, t.scaleSet, t.createdAt),
    index("runner_lives_name_idx").on(t.cluster, t.namespace, t.name),
    index("runner_lives_created_idx").on(t.createdAt),
  ],
);

export const runnersCurrent = pgTable(
  "runners_current",
  {
    uid: text("uid").primaryKey(),
    cluster: text("cluster").notNull(),
    namespace: text("namespace").notNull(),
    scaleSet: text("scale_set").notNull(),
    name: text("name").notNull(),
    /** busy | idle | pending | failed | other, derived on write for cheap aggregation. */
    activity: text("activity").notNull(),
    data: jsonb("data").notNull(),
  },
  (t) => [index("runners_current_set_idx").on(t.cluster, t.namespace, t.scaleSet), index("runners_current_name_idx").on(t.cluster, t.namespace, t.name)],
);

export const podsCurrent = pgTable(
  "pods_current",
  {
    uid: text("uid").primaryKey(),
    cluster: text("cluster").notNull(),
    namespace: text("namespace").notNull(),
    name: text("name").notNull(),
    role: text("role").notNull(),
    scaleSet: text("scale_set"),
    data: jsonb("data").notNull(),
  },
  (t) => [index("pods_current_name_idx").on(t.cluster, t.namespace, t.name)],
);

export const listenerSamples = pgTable(
  "listener_samples",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    cluster: text("cluster").notNull(),
    namespace: text("namespace").notNull(),
    scaleSet: text("scale_set").notNull(),
    at: ts("at").notNull(),
    source: text("source").notNull(),
    data: jsonb("data").notNull(),
  },
  (t) => [uniqueIndex("listener_samples_set_at_idx").on(t.cluster, t.namespace, t.scaleSet, t.at, t.source), index("listener_samples_at_idx").on(t.at)],
);

/** 5-minute roll-ups of listener samples (max of each figure in the bucket), kept longer than raw samples. */
export const listenerRollups = pgTable(
  "listener_rollups",
  {
    cluster: text("cluster").notNull(),
    namespace: text("namespace").notNull(),
    scaleSet: text("scale_set").notNull(),
    bucket: ts("bucket").notNull(),
    samples: integer("samples").notNull(),
    data: jsonb("data").notNull(),
  },
  (t) => [primaryKey({ columns: [t.cluster, t.namespace, t.scaleSet, t.bucket] }), index("listener_rollups_bucket_idx").on(t.bucket)],
);

export const events = pgTable(
  "events",
  {
    cluster: text("cluster").notNull(),
    uid: text("uid").notNull(),
    namespace: text("namespace").notNull(),
    involvedName: text("involved_name").notNull(),
    lastSeen: ts("last_seen").notNull(),
    data: jsonb("data").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.cluster, t.uid] }),
    index("events_involved_idx").on(t.cluster, t.namespace, t.involvedName),
    index("events_last_seen_idx").on(t.lastSeen),
  ],
);

export const logLines = pgTable(
  "log_lines",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** sha256 of the line's identity, so re-reading a log never stores a line twice. */
    hash: text("hash").notNull(),
    cluster: text("cluster"),
    namespace: text("namespace"),
    pod: text("pod"),
    origin: text("origin").notNull(),
    level: text("level").notNull(),
    at: ts("at").notNull(),
    data: jsonb("data").notNull(),
  },
  (t) => [uniqueIndex("log_lines_hash_idx").on(t.hash), index("log_lines_pod_idx").on(t.cluster, t.namespace, t.pod, t.at), index("log_lines_at_idx").on(t.at)],
);

export const githubJobs = pgTable(
  "github_jobs",
  {
    id: bigint("id", { mode: "number" }).primaryKey(),
    repository: text("repository").notNull(),
    status: text("status").notNull(),
    runnerName: text("runner_name"),
    createdAt: ts("created_at").notNull(),
    data: jsonb("data").notNull(),
  },
  (t) => [index("github_jobs_status_idx").on(t.status), index("github_jobs_runner_idx").on(t.runnerName), index("github_jobs_created_idx").on(t.createdAt)],
);

export const githubRunners = pgTable(
  "github_runners",
  {
    scope: text("scope").notNull(),
    id: bigint("id", { mode: "number" }).notNull(),
    name: text("name").notNull(),
    data: jsonb("data").notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.id] })],
);

export const githubRunnerGroups = pgTable(
  "github_runner_groups",
  {
    org: text("org").notNull(),
    id: bigint("id", { mode: "number" }).notNull(),
    data: jsonb("data").notNull(),
  },
  (t) => [primaryKey({ columns: [t.org, t.id] })],
);

export const rateLimits = pgTable("rate_limits", {
  scope: text("scope").primaryKey(),
  observedAt: ts("observed_at").notNull(),
  data: jsonb("data").notNull(),
});

export const findings = pgTable(
  "findings",
  {
    fingerprint: text("fingerprint").primaryKey(),
    ruleId: text("rule_id").notNull(),
    severity: text("severity").notNull(),
    cluster: text("cluster"),
    namespace: text("namespace"),
    scaleSet: text("scale_set"),
    firstSeen: ts("first_seen").notNull(),
    lastSeen: ts("last_seen").notNull(),
    resolvedAt: ts("resolved_at"),
    data: jsonb("data").notNull(),
  },
  (t) => [index("findings_resolved_idx").on(t.resolvedAt), index("findings_subject_idx").on(t.cluster, t.namespace, t.scaleSet)],
);

export const incidents = pgTable("incidents", {
  /** 128-bit random, base64url: the id is the share link's only secret. */
  id: text("id").primaryKey(),
  createdAt: ts("created_at").notNull(),
  revokedAt: ts("revoked_at"),
  title: text("title").notNull(),
  scope: jsonb("scope").notNull(),
  snapshot: jsonb("snapshot").notNull(),
});

export const sourceHealth = pgTable("source_health", {
  id: text("id").primaryKey(),
  kind: text("kind").notNull(),
  data: jsonb("data").notNull(),
});

export const clusterInfo = pgTable("cluster_info", {
  name: text("name").primaryKey(),
  data: jsonb("data").notNull(),
});
