CREATE TABLE "cluster_info" (
	"name" text PRIMARY KEY NOT NULL,
	"data" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"cluster" text NOT NULL,
	"uid" text NOT NULL,
	"namespace" text NOT NULL,
	"involved_name" text NOT NULL,
	"last_seen" timestamp with time zone NOT NULL,
	"data" jsonb NOT NULL,
	CONSTRAINT "events_cluster_uid_pk" PRIMARY KEY("cluster","uid")
);
--> statement-breakpoint
CREATE TABLE "findings" (
	"fingerprint" text PRIMARY KEY NOT NULL,
	"rule_id" text NOT NULL,
	"severity" text NOT NULL,
	"cluster" text,
	"namespace" text,
	"scale_set" text,
	"first_seen" timestamp with time zone NOT NULL,
	"last_seen" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"data" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "github_jobs" (
	"id" bigint PRIMARY KEY NOT NULL,
	"repository" text NOT NULL,
	"status" text NOT NULL,
	"runner_name" text,
	"created_at" timestamp with time zone NOT NULL,
	"data" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "github_runner_groups" (
	"org" text NOT NULL,
	"id" bigint NOT NULL,
	"data" jsonb NOT NULL,
	CONSTRAINT "github_runner_groups_org_id_pk" PRIMARY KEY("org","id")
);
--> statement-breakpoint
CREATE TABLE "github_runners" (
	"scope" text NOT NULL,
	"id" bigint NOT NULL,
	"name" text NOT NULL,
	"data" jsonb NOT NULL,
	CONSTRAINT "github_runners_scope_id_pk" PRIMARY KEY("scope","id")
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"title" text NOT NULL,
	"scope" jsonb NOT NULL,
	"snapshot" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "listener_rollups" (
	"cluster" text NOT NULL,
	"namespace" text NOT NULL,
	"scale_set" text NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"samples" integer NOT NULL,
	"data" jsonb NOT NULL,
	CONSTRAINT "listener_rollups_cluster_namespace_scale_set_bucket_pk" PRIMARY KEY("cluster","namespace","scale_set","bucket")
);
--> statement-breakpoint
CREATE TABLE "listener_samples" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"cluster" text NOT NULL,
	"namespace" text NOT NULL,
	"scale_set" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"data" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "log_lines" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"hash" text NOT NULL,
	"cluster" text,
	"namespace" text,
	"pod" text,
	"origin" text NOT NULL,
	"level" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"data" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pods_current" (
	"uid" text PRIMARY KEY NOT NULL,
	"cluster" text NOT NULL,
	"namespace" text NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"scale_set" text,
	"data" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"scope" text PRIMARY KEY NOT NULL,
	"observed_at" timestamp with time zone NOT NULL,
	"data" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "runner_lives" (
	"uid" text PRIMARY KEY NOT NULL,
	"cluster" text NOT NULL,
	"namespace" text NOT NULL,
	"scale_set" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"outcome" text NOT NULL,
	"data" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "runner_sets" (
	"cluster" text NOT NULL,
	"namespace" text NOT NULL,
	"name" text NOT NULL,
	"scale_set" text NOT NULL,
	"deleted_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	"data" jsonb NOT NULL,
	CONSTRAINT "runner_sets_cluster_namespace_name_pk" PRIMARY KEY("cluster","namespace","name")
);
--> statement-breakpoint
CREATE TABLE "runners_current" (
	"uid" text PRIMARY KEY NOT NULL,
	"cluster" text NOT NULL,
	"namespace" text NOT NULL,
	"scale_set" text NOT NULL,
	"name" text NOT NULL,
	"activity" text NOT NULL,
	"data" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scale_sets" (
	"cluster" text NOT NULL,
	"namespace" text NOT NULL,
	"name" text NOT NULL,
	"uid" text NOT NULL,
	"deleted_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	"data" jsonb NOT NULL,
	CONSTRAINT "scale_sets_cluster_namespace_name_pk" PRIMARY KEY("cluster","namespace","name")
);
--> statement-breakpoint
CREATE TABLE "source_health" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"data" jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "events_involved_idx" ON "events" USING btree ("cluster","namespace","involved_name");--> statement-breakpoint
CREATE INDEX "events_last_seen_idx" ON "events" USING btree ("last_seen");--> statement-breakpoint
CREATE INDEX "findings_resolved_idx" ON "findings" USING btree ("resolved_at");--> statement-breakpoint
CREATE INDEX "findings_subject_idx" ON "findings" USING btree ("cluster","namespace","scale_set");--> statement-breakpoint
CREATE INDEX "github_jobs_status_idx" ON "github_jobs" USING btree ("status");--> statement-breakpoint
CREATE INDEX "github_jobs_runner_idx" ON "github_jobs" USING btree ("runner_name");--> statement-breakpoint
CREATE INDEX "github_jobs_created_idx" ON "github_jobs" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "listener_rollups_bucket_idx" ON "listener_rollups" USING btree ("bucket");--> statement-breakpoint
CREATE UNIQUE INDEX "listener_samples_set_at_idx" ON "listener_samples" USING btree ("cluster","namespace","scale_set","at","source");--> statement-breakpoint
CREATE INDEX "listener_samples_at_idx" ON "listener_samples" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "log_lines_hash_idx" ON "log_lines" USING btree ("hash");--> statement-breakpoint
CREATE INDEX "log_lines_pod_idx" ON "log_lines" USING btree ("cluster","namespace","pod","at");--> statement-breakpoint
CREATE INDEX "log_lines_at_idx" ON "log_lines" USING btree ("at");--> statement-breakpoint
CREATE INDEX "pods_current_name_idx" ON "pods_current" USING btree ("cluster","namespace","name");--> statement-breakpoint
CREATE INDEX "runner_lives_set_created_idx" ON "runner_lives" USING btree ("cluster","namespace","scale_set","created_at");--> statement-breakpoint
CREATE INDEX "runner_lives_name_idx" ON "runner_lives" USING btree ("cluster","namespace","name");--> statement-breakpoint
CREATE INDEX "runner_lives_created_idx" ON "runner_lives" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "runners_current_set_idx" ON "runners_current" USING btree ("cluster","namespace","scale_set");--> statement-breakpoint
CREATE INDEX "runners_current_name_idx" ON "runners_current" USING btree ("cluster","namespace","name");