import { describe, expect, it } from "vitest";
import { SECRET_SAMPLES } from "@/lib/redact";
import { toEventRecord, toPodState, toRunnerState } from "@/lib/sources/kubernetes/normalize";

/**
 * Free text the Kubernetes API hands us (status, condition, container and event messages) is redacted where it enters
 * Runnerscope, so no later layer (store, services, UI, incidents) can leak it.
 */

const pod = (message: string) => ({
  metadata: { name: "web-abcde-runner-fghij", namespace: "arc-runners", uid: "u1", labels: { "app.kubernetes.io/component": "runner" } },
  status: {
    phase: "Failed",
    message,
    conditions: [{ type: "Ready", status: "False", message }],
    containerStatuses: [{ name: "runner", image: "x", state: { terminated: { exitCode: 1, reason: "Error", message } } }],
  },
});

describe("Kubernetes normalizers redact free text", () => {
  it.each(SECRET_SAMPLES.map((s) => [s.name, s] as const))("%s", (_name, s) => {
    const message = `failed: ${s.text}`;
    const out = JSON.stringify([
      toRunnerState({ metadata: { name: "web-abcde-runner-fghij", namespace: "arc-runners", uid: "u1" }, status: { phase: "Failed", message } }, pod(message), "c"),
      toPodState(pod(message), "c"),
      toEventRecord({ metadata: { name: "e", namespace: "arc-runners" }, involvedObject: { kind: "Pod", name: "p" }, message, type: "Warning" }, "c"),
      toEventRecord({ metadata: { name: "e", namespace: "arc-runners" }, regarding: { kind: "Pod", name: "p" }, note: message, type: "Warning" }, "c"),
    ]);
    expect(out).not.toContain(s.secret);
    expect(out).toContain("[REDACTED:");
    expect(out).toContain("failed: ");
  });
});
