import { describe, expect, it } from "vitest";
import { parseEvidence } from "./parse-paste";

const NOW = new Date("2026-03-01T04:10:00Z");
const parse = (text: string) => parseEvidence(text, { now: NOW });

describe("parseEvidence: logs", () => {
  it("sorts ≤0.13 zap controller and listener lines into slices, with listener samples", () => {
    const p = parse(
      [
        '{"severity":"info","ts":"2026-03-01T04:00:00Z","logger":"EphemeralRunner","message":"Created ephemeral runner pod","version":"0.13.1","ephemeralrunner":"arc-runners/web-x7k2p-runner-q9zt4","podName":"web-x7k2p-runner-q9zt4"}',
        '2026-03-01T04:00:01Z\tINFO\tlistener-app.listener\tNew runner scale set statistics.\t{"statistics": {"totalAvailableJobs": 3, "totalAssignedJobs": 2, "totalRegisteredRunners": 1}}',
      ].join("\n"),
    );
    const s = p.snapshot;
    expect(s.logs.map((l) => [l.origin, l.format])).toEqual([
      ["controller", "zap-json"],
      ["listener", "zap-text"],
    ]);
    expect(s.slices.controllerLogs.available).toBe(true);
    expect(s.slices.listenerLogs.available).toBe(true);
    expect(s.slices.listenerStats.available).toBe(true);
    expect(s.listenerSamples).toEqual([{ cluster: "", namespace: "", scaleSet: "web", source: "log", at: "2026-03-01T04:00:01.000Z", availableJobs: 3, assignedJobs: 2, registeredRunners: 1 }]);
    expect(s.clusters[0]?.controllerVersion).toBe("0.13.1");
    expect(s.slices.events).toEqual({ available: false, reason: "not in the pasted text" });
  });

  it("reads 0.14 slog JSON and text listener lines", () => {
    const p = parse(
      [
        '{"time":"2026-03-01T04:00:00.000Z","level":"INFO","source":{"function":"f","file":"/x/listener.go","line":1},"msg":"Getting next message","component":"listener","lastMessageID":41}',
        'time=2026-03-01T04:00:01.000Z level=INFO source=/x/scaler.go:9 msg="Calculated target runner count" component=worker "assigned job"=3 decision=4 min=1 max=10',
      ].join("\n"),
    );
    expect(p.snapshot.logs.map((l) => l.format)).toEqual(["slog-json", "slog-text"]);
    expect(p.summary.listenerLogLines).toBe(2);
    expect(p.snapshot.listenerSamples.map((x) => [x.lastMessageId, x.assignedJobs, x.desiredRunners])).toEqual([
      [41, undefined, undefined],
      [undefined, 3, 4],
    ]);
  });

  it("attributes lines to the pod named in a `kubectl logs` prompt and runner output to runnerLogs", () => {
    const p = parse(["$ kubectl -n arc-runners logs web-x7k2p-runner-q9zt4 -c runner", "2026-03-01T04:00:00.123456789Z stdout F √ Connected to GitHub", "something the runner printed"].join("\n"));
    expect(p.snapshot.logs.map((l) => [l.origin, l.pod, l.namespace, l.container])).toEqual([
      ["runner", "web-x7k2p-runner-q9zt4", "arc-runners", "runner"],
      ["runner", "web-x7k2p-runner-q9zt4", "arc-runners", "runner"],
    ]);
    expect(p.snapshot.slices.runnerLogs.available).toBe(true);
  });

  it("reads `kubectl logs --prefix` lines: pod and container from the prefix", () => {
    const p = parse('[pod/web-754b578d-listener/listener] {"ts":"2026-03-01T04:00:00Z","severity":"info","logger":"listener-app.listener","message":"Getting next message","lastMessageID":3}');
    expect(p.snapshot.logs[0]).toMatchObject({ origin: "listener", pod: "web-754b578d-listener", container: "listener", format: "zap-json" });
    expect(p.snapshot.listenerSamples[0]).toMatchObject({ scaleSet: "web", lastMessageId: 3 });
  });

  it("uses headings such as `listener logs (every 50 seconds):` as context, but not prose", () => {
    const p = parse(["listener logs (every 50 seconds):", "Getting next message", "Runner logs show nothing useful"].join("\n"));
    expect(p.snapshot.logs.map((l) => [l.origin, l.message])).toEqual([
      ["listener", "Getting next message"],
      ["listener", "Runner logs show nothing useful"],
    ]);
    expect(p.unrecognised).toEqual(["Getting next message", "Runner logs show nothing useful"]);
  });

  it("keeps unknown lines as plain records and reports them; survives CRLF, ANSI, fences", () => {
    const p = parse("```\r\n\u001b[32mhello there\u001b[0m\r\n```\r\n2026-03-01T04:00:00Z\tERROR\tEphemeralRunner\tEphemeral runner container failed\t{\"exitCode\": 137}\r\n");
    expect(p.unrecognised).toEqual(["hello there"]);
    expect(p.snapshot.logs.map((l) => [l.format, l.message])).toEqual([
      ["plain", "hello there"],
      ["zap-text", "Ephemeral runner container failed"],
    ]);
  });

  it("redacts before parsing: no secret reaches the snapshot", () => {
    const p = parse(
      [
        '{"ts":"2026-03-01T04:00:00Z","severity":"error","logger":"listener-app","message":"auth failed","token":"ghp_R4nd0mT0k3nV4lu3F0rT3st1ng0nlyAbCdEf"}',
        "ACTIONS_RUNNER_INPUT_JITCONFIG=eyJyZWdpc3RyYXRpb24iOiJzZWNyZXQifQ==",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-x7k2p-runner-q9zt4\nspec:\n  containers:\n  - name: runner\n    env:\n    - name: ACTIONS_RUNNER_INPUT_JITCONFIG\n      value: eyJyZWdpc3RyYXRpb24iOiJzZWNyZXQifQ==",
      ].join("\n"),
    );
    const json = JSON.stringify(p);
    expect(json).not.toContain("ghp_R4nd0m");
    expect(json).not.toContain("eyJyZWdpc3RyYXRpb24");
    expect(p.snapshot.runners[0]?.pod?.containers[0]?.envNames).toEqual(["ACTIONS_RUNNER_INPUT_JITCONFIG"]);
  });
});

const DESCRIBE_POD = `Name:             web-x7k2p-runner-q9zt4
Namespace:        arc-runners
Node:             node-1/10.0.0.5
Start Time:       Sun, 01 Mar 2026 04:00:00 +0000
Labels:           actions-ephemeral-runner=True
                  actions.github.com/scale-set-name=web
Annotations:      actions.github.com/patch-id: 3
Status:           Failed
Controlled By:    EphemeralRunner/web-x7k2p-runner-q9zt4
Init Containers:
  init-dind-externals:
    Image:          ghcr.io/actions/actions-runner:latest
    Command:
      cp
    State:          Terminated
      Reason:       Completed
      Exit Code:    0
    Ready:          True
    Restart Count:  0
Containers:
  runner:
    Container ID:   containerd://abc
    Image:          ghcr.io/actions/actions-runner:latest
    Command:
      /home/runner/run.sh
    State:          Terminated
      Reason:       OOMKilled
      Exit Code:    137
      Started:      Sun, 01 Mar 2026 04:00:02 +0000
      Finished:     Sun, 01 Mar 2026 04:03:02 +0000
    Ready:          False
    Restart Count:  0
    Environment:
      ACTIONS_RUNNER_INPUT_JITCONFIG:  <set to the key 'jitToken' in secret 'web-x7k2p-runner-q9zt4'>  Optional: false
      DOCKER_HOST:                     unix:///var/run/docker.sock
    Mounts:
      /home/runner/_work from work (rw)
Conditions:
  Type              Status
  PodScheduled      True
Volumes:
  work:
    Type:       EmptyDir (a temporary directory that shares a pod's lifetime)
Events:
  Type     Reason     Age                From               Message
  ----     ------     ----               ----               -------
  Normal   Scheduled  10m                default-scheduler  Successfully assigned arc-runners/web-x7k2p-runner-q9zt4 to node-1
  Warning  BackOff    2m (x3 over 5m)    kubelet            Back-off restarting failed container: exit: 137`;

const DESCRIBE_ER = `Name:         web-x7k2p-runner-abcde
Namespace:    arc-runners
Labels:       actions.github.com/scale-set-name=web
              app.kubernetes.io/component=runner
Annotations:  actions.github.com/patch-id: 3
              actions.github.com/runner-group-name: Default
API Version:  actions.github.com/v1alpha1
Kind:         EphemeralRunner
Metadata:
  Creation Timestamp:  2026-03-01T04:00:00Z
  Finalizers:
    ephemeralrunner.actions.github.com/finalizer
    ephemeralrunner.actions.github.com/runner-registration-finalizer
  Owner References:
    API Version:           actions.github.com/v1alpha1
    Controller:            true
    Kind:                  EphemeralRunnerSet
    Name:                  web-x7k2p
    UID:                   6a1b7c2d-0000-4000-8000-000000000001
  UID:                     9b1b7c2d-0000-4000-8000-000000000002
Spec:
  Github Config Secret:  arc-github-secret
  Github Config URL:     https://github.com/acme
  Runner Scale Set Id:   1
Status:
  Failures:
    0b2b7c1e-5d1e-4f0a-9a55-0f3f1c0c2a10:  2026-03-01T04:00:10Z
    a3c4d5e6-5d1e-4f0a-9a55-0f3f1c0c2a11:  2026-03-01T04:00:20Z
  Job Id:               7b1c
  Job Repository Name:  acme/web
  Phase:                Running
  Ready:                false
  Runner Id:            30
  Runner Name:          web-x7k2p-runner-abcde
Events:                 <none>`;

describe("parseEvidence: kubectl describe", () => {
  it("reads a runner pod: command, terminated state, env names only, events with ages", () => {
    const p = parse(DESCRIBE_POD);
    const r = p.snapshot.runners[0];
    expect(r?.name).toBe("web-x7k2p-runner-q9zt4");
    expect(r?.scaleSet).toBe("web");
    expect(r?.pod?.containers[0]).toMatchObject({ name: "runner", command: ["/home/runner/run.sh"], envNames: ["ACTIONS_RUNNER_INPUT_JITCONFIG", "DOCKER_HOST"], volumeMounts: ["work"] });
    expect(r?.pod?.containerStatuses[0]).toMatchObject({ state: "terminated", reason: "OOMKilled", exitCode: 137, finishedAt: "2026-03-01T04:03:02.000Z" });
    expect(r?.pod?.initContainerStatuses[0]).toMatchObject({ name: "init-dind-externals", exitCode: 0 });
    expect(r?.pod?.volumes).toEqual(["work"]);
    expect(p.snapshot.events.map((e) => [e.reason, e.count, e.lastSeen, e.firstSeen])).toEqual([
      ["Scheduled", 1, "2026-03-01T04:00:00.000Z", "2026-03-01T04:00:00.000Z"],
      ["BackOff", 3, "2026-03-01T04:08:00.000Z", "2026-03-01T04:05:00.000Z"],
    ]);
    const life = p.snapshot.runnerHistory[0];
    expect(life).toMatchObject({ outcome: "oom-killed", exitCode: 137, startedAt: "2026-03-01T04:00:02.000Z", finishedAt: "2026-03-01T04:03:02.000Z", command: ["/home/runner/run.sh"] });
    expect(p.snapshot.slices.pods.available).toBe(false); // runner pods are on `runners`
  });

  it("a describe without Command: means the image default CMD (command undefined)", () => {
    const p = parse(DESCRIBE_POD.replace("    Command:\n      /home/runner/run.sh\n", ""));
    expect(p.snapshot.runners[0]?.pod?.containers[0]?.command).toBeUndefined();
  });

  it("reads a described EphemeralRunner: failures map, job, owner", () => {
    const p = parse(DESCRIBE_ER);
    expect(p.snapshot.runners[0]).toMatchObject({
      name: "web-x7k2p-runner-abcde",
      ephemeralRunnerSet: "web-x7k2p",
      phase: "Running",
      ready: false,
      runnerId: 30,
      failureCount: 2,
      failureTimes: ["2026-03-01T04:00:10.000Z", "2026-03-01T04:00:20.000Z"],
      job: { jobId: "7b1c", repository: "acme/web" },
      finalizers: ["ephemeralrunner.actions.github.com/finalizer", "ephemeralrunner.actions.github.com/runner-registration-finalizer"],
    });
  });
});

describe("parseEvidence: tables", () => {
  it("reads kubectl get pods with and without -A / RESTARTS, and pods tables become lives", () => {
    const p = parse(
      [
        "NAMESPACE     NAME                              READY   STATUS             RESTARTS      AGE",
        "arc-systems   web-754b578d-listener             0/1     CrashLoopBackOff   6 (41s ago)   9m",
        "arc-runners   web-x7k2p-runner-q9zt4            0/1     Completed          0             4s",
        "",
        "NAME                              READY   STATUS   AGE",
        "web-x7k2p-runner-zz9zz            1/1     Running  7m34s",
      ].join("\n"),
    );
    const listener = p.snapshot.pods[0];
    expect(listener).toMatchObject({ name: "web-754b578d-listener", role: "listener", scaleSet: "web", namespace: "arc-systems", phase: "Running" });
    expect(listener?.containerStatuses[0]).toMatchObject({ state: "waiting", reason: "CrashLoopBackOff", restartCount: 6 });
    expect(p.snapshot.runners.map((r) => [r.name, r.phase, r.createdAt])).toEqual([
      ["web-x7k2p-runner-q9zt4", "Succeeded", "2026-03-01T04:09:56.000Z"],
      ["web-x7k2p-runner-zz9zz", "Running", "2026-03-01T04:02:26.000Z"],
    ]);
    expect(p.snapshot.runnerHistory.find((l) => l.name === "web-x7k2p-runner-q9zt4")).toMatchObject({ outcome: "no-job-exit", exitCode: 0 });
    // a table says nothing about the container command
    expect(p.snapshot.runnerHistory.every((l) => l.image === undefined && l.command === undefined)).toBe(true);
  });

  it("reads kubectl get events: plain, -A and -o wide", () => {
    const plain = parse(["LAST SEEN   TYPE      REASON             OBJECT                             MESSAGE", "2m          Warning   FailedScheduling   pod/web-x7k2p-runner-q9zt4         0/3 nodes are available: 3 Insufficient cpu."].join("\n"));
    expect(plain.snapshot.events[0]).toMatchObject({ type: "Warning", reason: "FailedScheduling", involvedKind: "Pod", involvedName: "web-x7k2p-runner-q9zt4", message: "0/3 nodes are available: 3 Insufficient cpu.", lastSeen: "2026-03-01T04:08:00.000Z" });
    const all = parse(["NAMESPACE     LAST SEEN   TYPE      REASON    OBJECT                        MESSAGE", "arc-systems   30s         Warning   BackOff   pod/web-754b578d-listener     Back-off restarting failed container"].join("\n"));
    expect(all.snapshot.events[0]).toMatchObject({ namespace: "arc-systems", reason: "BackOff", involvedName: "web-754b578d-listener" });
    const widths = [12, 10, 9, 31, 27, 10, 42, 13, 8];
    const row = (cells: string[]) => cells.map((c, k) => (k < widths.length ? c.padEnd(widths[k] ?? 0) : c)).join("");
    const header = row(["LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE", "MESSAGE", "FIRST SEEN", "COUNT", "NAME"]);
    const line = row(["3m", "Warning", "Failed", "pod/web-754b578d-listener", "spec.containers{listener}", "kubelet", 'Failed to pull image "x": 403 Forbidden', "10m", "5", "web-754b578d-listener.17f"]);
    const wide = parse([header, line].join("\n"));
    expect(wide.snapshot.events[0]).toMatchObject({ reason: "Failed", count: 5, source: "kubelet", message: 'Failed to pull image "x": 403 Forbidden', firstSeen: "2026-03-01T04:00:00.000Z" });
    expect(wide.snapshot.slices.events.available).toBe(true);
  });
});

describe("parseEvidence: more tables and describe shapes", () => {
  it("reads kubectl get ephemeralrunners (CRD printer columns, empty cells)", () => {
    const widths = [36, 36, 10, 9, 16, 26];
    const row = (cells: string[]) => cells.map((c, k) => (k < widths.length ? c.padEnd(widths[k] ?? 0) : c)).join("");
    const text = [
      row(["NAME", "GITHUB CONFIG URL", "RUNNERID", "STATUS", "JOBREPOSITORY", "MESSAGE", "AGE"]),
      row(["web-x7k2p-runner-q9zt4", "https://github.com/acme", "30", "Running", "acme/web", "", "5m"]),
      row(["web-x7k2p-runner-abcde", "https://github.com/acme", "", "Failed", "", "Failed to create the pod", "1m"]),
    ].join("\n");
    const p = parse(text);
    expect(p.snapshot.runners.map((r) => [r.name, r.phase, r.runnerId, r.job?.repository, r.message, r.createdAt])).toEqual([
      ["web-x7k2p-runner-q9zt4", "Running", 30, "acme/web", undefined, "2026-03-01T04:05:00.000Z"],
      ["web-x7k2p-runner-abcde", "Failed", undefined, undefined, "Failed to create the pod", "2026-03-01T04:09:00.000Z"],
    ]);
  });

  it("reads kubectl get pods -o wide (multi-word headers, node column)", () => {
    const p = parse(
      [
        "NAME                              READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES",
        "web-754b578d-listener             1/1     Running   0          2d    10.42.0.9    node-a   <none>           <none>",
      ].join("\n"),
    );
    expect(p.snapshot.pods[0]).toMatchObject({ name: "web-754b578d-listener", nodeName: "node-a", role: "listener", phase: "Running" });
    expect(p.snapshot.pods[0]?.containerStatuses[0]?.ready).toBe(true);
  });

  it("splits describe's separator-less lists (two containers of a described AutoscalingRunnerSet)", () => {
    const text = `Name:         web
Namespace:    arc-runners
Labels:       app.kubernetes.io/version=0.13.1
Annotations:  runner-scale-set-id: 7
API Version:  actions.github.com/v1alpha1
Kind:         AutoscalingRunnerSet
Metadata:
  Creation Timestamp:  2026-03-01T03:00:00Z
Spec:
  Github Config Secret:  gh
  Github Config URL:     https://github.com/acme
  Max Runners:           10
  Min Runners:           1
  Template:
    Spec:
      Containers:
        Command:
          /home/runner/run.sh
        Image:  ghcr.io/actions/actions-runner:latest
        Name:   runner
        Image:  docker:dind
        Name:   dind
      Volumes:
        Name:  work
        Name:  dind-sock
Events:  <none>`;
    const s = parse(text).snapshot.scaleSets[0];
    expect(s).toMatchObject({ name: "web", githubConfigUrl: "https://github.com/acme", minRunners: 1, maxRunners: 10, scaleSetId: 7, version: "0.13.1", containerMode: "dind", templateVolumes: ["work", "dind-sock"] });
    expect(s?.runnerContainer).toMatchObject({ name: "runner", command: ["/home/runner/run.sh"] });
  });
});

describe("parseEvidence: objects", () => {
  it("reads YAML multi-doc and JSON Lists of ARC objects and events", () => {
    const yaml = `apiVersion: actions.github.com/v1alpha1
kind: AutoscalingRunnerSet
metadata:
  name: web
  namespace: arc-runners
spec:
  githubConfigUrl: https://github.com/acme
  githubConfigSecret: gh
  maxRunners: 10
---
apiVersion: actions.github.com/v1alpha1
kind: EphemeralRunnerSet
metadata:
  name: web-x7k2p
  namespace: arc-runners
  labels:
    actions.github.com/scale-set-name: web
spec:
  replicas: 2`;
    const json = JSON.stringify(
      {
        apiVersion: "v1",
        kind: "List",
        items: [
          { apiVersion: "actions.github.com/v1alpha1", kind: "EphemeralRunner", metadata: { name: "web-x7k2p-runner-q9zt4", namespace: "arc-runners" }, status: { phase: "Failed", reason: "InvalidPod", message: "Failed to create the pod: x" } },
          { apiVersion: "actions.github.com/v1alpha1", kind: "AutoscalingListener", metadata: { name: "web-754b578d-listener", namespace: "arc-systems" }, spec: { autoscalingRunnerSetName: "web" } },
          { apiVersion: "v1", kind: "Event", metadata: { namespace: "arc-runners" }, involvedObject: { kind: "Pod", name: "p" }, reason: "Killing", message: "Stopping container runner", type: "Normal", lastTimestamp: "2026-03-01T04:00:00Z" },
        ],
      },
      null,
      2,
    );
    const p = parse(`$ kubectl get ars,ers -o yaml\n${yaml}\n$ kubectl get ephemeralrunners,autoscalinglisteners,events -o json\n${json}`);
    expect(p.snapshot.scaleSets.map((s) => [s.name, s.maxRunners])).toEqual([["web", 10]]);
    expect(p.snapshot.runnerSets.map((s) => [s.name, s.replicas, s.scaleSet])).toEqual([["web-x7k2p", 2, "web"]]);
    expect(p.snapshot.runners[0]).toMatchObject({ phase: "Failed", reason: "InvalidPod" });
    expect(p.snapshot.runnerHistory[0]?.outcome).toBe("pod-rejected");
    expect(p.snapshot.events[0]?.reason).toBe("Killing");
    expect(p.summary).toMatchObject({ scaleSets: 1, runnerSets: 1, runners: 1, listeners: 1, events: 1, documents: 2, unrecognisedLines: 0 });
  });

  it("reads GitHub jobs, runners and rate limit JSON", () => {
    const jobs = { total_count: 1, jobs: [{ id: 5, run_id: 9, name: "build", status: "queued", conclusion: null, created_at: "2026-03-01T04:00:00Z", labels: ["self-hosted", "web"], html_url: "https://github.com/acme/web/actions/runs/9/job/5" }] };
    const runners = { total_count: 1, runners: [{ id: 30, name: "web-x7k2p-runner-q9zt4", os: "Linux", status: "offline", busy: false, labels: [{ id: 1, name: "web", type: "read-only" }] }] };
    const rate = { resources: { core: { limit: 5000, remaining: 12, reset: 1772338200, used: 4988 } } };
    const p = parse([JSON.stringify(jobs), JSON.stringify(runners), JSON.stringify(rate, null, 2)].join("\n"));
    expect(p.snapshot.github.jobs[0]).toMatchObject({ id: 5, runId: 9, repository: "acme/web", labels: ["self-hosted", "web"], status: "queued" });
    expect(p.snapshot.github.runners[0]).toMatchObject({ id: 30, status: "offline", labels: ["web"] });
    expect(p.snapshot.github.rateLimits[0]).toMatchObject({ limit: 5000, remaining: 12, resetAt: "2026-03-01T04:10:00.000Z" });
    for (const s of ["githubJobs", "githubRunners", "githubRateLimit"] as const) expect(p.snapshot.slices[s].available).toBe(true);
  });
});

describe("parseEvidence: runner lives", () => {
  it("builds a 2 s life from controller log lines", () => {
    const lines = [
      '2026-03-01T04:00:00Z\tINFO\tEphemeralRunner\tCreated ephemeral runner pod\t{"ephemeralrunner": "arc-runners/web-x7k2p-runner-q9zt4", "podName": "web-x7k2p-runner-q9zt4"}',
      '2026-03-01T04:00:01Z\tINFO\tEphemeralRunner\tRunner container is still running; updating ephemeral runner status\t{"ephemeralrunner": "arc-runners/web-x7k2p-runner-q9zt4"}',
      '2026-03-01T04:00:02Z\tINFO\tEphemeralRunner\tEphemeral runner has finished successfully, deleting ephemeral runner\t{"ephemeralrunner": "arc-runners/web-x7k2p-runner-q9zt4", "exitCode": 0}',
    ];
    const life = parse(lines.join("\n")).snapshot.runnerHistory[0];
    expect(life).toMatchObject({ name: "web-x7k2p-runner-q9zt4", scaleSet: "web", namespace: "arc-runners", createdAt: "2026-03-01T04:00:00.000Z", finishedAt: "2026-03-01T04:00:02.000Z", exitCode: 0, outcome: "no-job-exit" });
    expect(life?.phases.map((x) => x.phase)).toEqual(["Pending", "Running", "Succeeded"]);
  });

  it("a runner the listener assigned a job to succeeded", () => {
    const lines = [
      '2026-03-01T04:00:00Z\tINFO\tEphemeralRunner\tCreated ephemeral runner pod\t{"ephemeralrunner": "arc-runners/web-x7k2p-runner-q9zt4"}',
      '2026-03-01T04:00:05Z\tINFO\tlistener-app.worker.kubernetesworker\tUpdating job info for the runner\t{"runnerName": "web-x7k2p-runner-q9zt4", "ownerName": "acme", "repoName": "web", "jobId": "7b1c", "workflowRunId": 9, "requestId": 12}',
      '2026-03-01T04:05:00Z\tINFO\tEphemeralRunner\tEphemeral runner has finished successfully, deleting ephemeral runner\t{"ephemeralrunner": "arc-runners/web-x7k2p-runner-q9zt4", "exitCode": 0}',
    ];
    const life = parse(lines.join("\n")).snapshot.runnerHistory[0];
    expect(life).toMatchObject({ outcome: "succeeded", jobAssignedAt: "2026-03-01T04:00:05.000Z", job: { jobId: "7b1c", repository: "acme/web", workflowRunId: 9, jobRequestId: 12 } });
  });
});

describe("parseEvidence: robustness", () => {
  it("never throws on garbage, truncated JSON/YAML or absurd nesting", () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const bytes = Array.from({ length: 20_000 }, () => String.fromCharCode(Math.floor(rand() * 256))).join("");
    const inputs = [
      bytes,
      '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"',
      "{\n  \"kind\": \"List\",\n  \"items\": [\n    {\"kind\": \"Pod\"",
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed",
      "[".repeat(10_000),
      "{\n" + "[".repeat(10_000),
      "apiVersion: v1\nkind: List\nitems: " + "[".repeat(10_000),
      "Name: x\nNamespace:",
      "NAME READY STATUS RESTARTS AGE\n\u0000\u0001",
      "",
    ];
    for (const input of inputs) {
      const p = parse(input);
      expect(p.snapshot.logs.length).toBeGreaterThanOrEqual(0);
    }
    expect(parse("[".repeat(10_000)).unrecognised).toHaveLength(1);
  });

  it("parses a 5 MB paste in under 3 s", () => {
    const block = [
      '2026-03-01T04:00:00Z\tINFO\tEphemeralRunner\tCreated ephemeral runner pod\t{"ephemeralrunner": "arc-runners/web-x7k2p-runner-q9zt4", "podName": "web-x7k2p-runner-q9zt4"}',
      '{"time":"2026-03-01T04:00:00.000Z","level":"INFO","msg":"Getting next message","component":"listener","lastMessageID":41}',
      "2026-03-01T04:00:00.123456789Z stdout F Listening for Jobs",
      "some unrecognised free text line that a human typed",
      "NAME                              READY   STATUS      RESTARTS   AGE",
      "web-x7k2p-runner-q9zt4            0/1     Completed   0          4s",
      "",
    ].join("\n");
    const text = (block + "\n").repeat(Math.ceil((5 * 1024 * 1024) / (block.length + 1))).slice(0, 5 * 1024 * 1024);
    const t0 = performance.now();
    const p = parse(text);
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(p.summary.logLines).toBeGreaterThan(10_000);
  });
});
