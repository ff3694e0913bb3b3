import { execFile, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RESOURCE } from "./resources";
import { ephemeralRunnerFixture, podFixture, startTestCluster, type TestCluster } from "./test-cluster";
import type { KubeObject } from "./types";

const NS = "arc-runners";

function findKubectl(): string {
  try {
    return execFileSync("sh", ["-c", "command -v kubectl"], { encoding: "utf8" }).trim();
  } catch {
    return "";
  }
}

let c: TestCluster;
let dir: string;
let baseArgs: string[];
const kubectl = findKubectl();

function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(kubectl, [...baseArgs, ...args], { timeout: 10_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`kubectl ${args.join(" ")} failed: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** Split kubectl table output into rows of whitespace-separated cells. */
function rows(out: string): string[][] {
  return out
    .trim()
    .split("\n")
    .map((l) => l.trim().split(/\s{2,}/));
}

beforeAll(async () => {
  if (!kubectl) throw new Error("kubectl is not on PATH: these tests drive the real kubectl binary (CI installs it; locally `apt-get install kubectl`)");
  c = await startTestCluster({
    proxy: (_ns, pod, port, reqPath) => (reqPath === "/metrics" ? { status: 200, body: `gha_busy_runners{name="${pod}",port="${port}"} 1\n` } : undefined),
  });
  dir = mkdtempSync(path.join(tmpdir(), "kube-sim-"));
  const kubeconfig = path.join(dir, "kubeconfig");
  writeFileSync(kubeconfig, c.kubeconfigYaml);
  baseArgs = [`--kubeconfig=${kubeconfig}`, `--cache-dir=${path.join(dir, "cache")}`, "--request-timeout=5s"];

  const runnerLabels = { "app.kubernetes.io/component": "runner", "actions.github.com/scale-set-name": "set-a" };
  c.store.create(RESOURCE.ephemeralrunners, ephemeralRunnerFixture(NS, "set-a-kd8xq-runner-b2z4m", runnerLabels, { phase: "Running", runnerId: 42, jobRepositoryName: "acme/web" }));
  c.store.create(RESOURCE.ephemeralrunners, ephemeralRunnerFixture(NS, "set-a-kd8xq-runner-q7w9c", runnerLabels, { phase: "Pending" }));
  const pod = c.store.create(
    RESOURCE.pods,
    podFixture({ namespace: NS, name: "set-a-kd8xq-runner-b2z4m", labels: runnerLabels, nodeName: "node-1", containers: [{ name: "runner" }, { name: "dind" }] }),
  );
  c.store.create(RESOURCE.pods, podFixture({ namespace: "arc-systems", name: "set-a-754b578d-listener", containers: [{ name: "listener", ports: [{ name: "metrics", containerPort: 8080 }] }] }));
  const at = c.clock.now();
  c.store.create(RESOURCE.events, {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: "set-a-kd8xq-runner-b2z4m.18a1", namespace: NS },
    involvedObject: { apiVersion: "v1", kind: "Pod", name: pod.metadata.name, namespace: NS, uid: pod.metadata.uid },
    reason: "BackOff",
    message: "Back-off pulling image ghcr.io/actions/actions-runner:latest",
    type: "Warning",
    count: 3,
    firstTimestamp: at.toISOString(),
    lastTimestamp: at.toISOString(),
    source: { component: "kubelet", host: "node-1" },
  });
  c.store.create(RESOURCE.events, {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: "other-pod.18a2", namespace: NS },
    involvedObject: { apiVersion: "v1", kind: "Pod", name: "other-pod", namespace: NS, uid: "00000000-0000-4000-8000-000000000000" },
    reason: "Unrelated",
    message: "must not show up in describe",
    type: "Normal",
  });
  c.logs.append(NS, "set-a-kd8xq-runner-b2z4m", "runner", "√ Connected to GitHub", at);
  c.logs.append(NS, "set-a-kd8xq-runner-b2z4m", "runner", "Listening for Jobs", at);
  c.logs.append(NS, "set-a-kd8xq-runner-b2z4m", "dind", "API listen on /var/run/docker.sock", at);
  await c.clock.advance(125_000);
}, 30_000);

afterAll(async () => {
  await c?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("kubectl against the simulated API server", () => {
  it("get ephemeralrunners -A prints the CRD printer columns", async () => {
    const table = rows(await run(["get", "ephemeralrunners", "-A"]));
    expect(table[0]).toEqual(["NAMESPACE", "NAME", "GITHUB CONFIG URL", "RUNNERID", "STATUS", "JOBREPOSITORY", "JOBWORKFLOWREF", "WORKFLOWRUNID", "JOBDISPLAYNAME", "JOBID", "MESSAGE", "AGE"]);
    expect(table[1]).toEqual([NS, "set-a-kd8xq-runner-b2z4m", "https://github.com/acme", "42", "Running", "acme/web", "2m5s"]);
    // empty cells vanish when splitting on runs of spaces; the set columns must still be there
    expect(table[2]).toEqual([NS, "set-a-kd8xq-runner-q7w9c", "https://github.com/acme", "Pending", "2m5s"]);
  });

  it("get pods -A prints READY, STATUS, RESTARTS, AGE", async () => {
    const table = rows(await run(["get", "pods", "-A"]));
    expect(table).toEqual([
      ["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE"],
      [NS, "set-a-kd8xq-runner-b2z4m", "2/2", "Running", "0", "2m5s"],
      ["arc-systems", "set-a-754b578d-listener", "1/1", "Running", "0", "2m5s"],
    ]);
  });

  it("get pods -A -w prints a new line when a pod changes", async () => {
    const child = spawn(kubectl, [...baseArgs, "get", "pods", "-A", "-w", "--request-timeout=0"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    try {
      const until = async (check: () => boolean, what: string) => {
        const deadline = Date.now() + 8000;
        while (!check()) {
          if (Date.now() > deadline) throw new Error(`kubectl -w: timed out waiting for ${what}; output so far:\n${out}`);
          await new Promise((r) => setTimeout(r, 25));
        }
      };
      await until(() => out.includes("set-a-754b578d-listener"), "the initial list");
      c.store.patch<KubeObject>(RESOURCE.pods, NS, "set-a-kd8xq-runner-b2z4m", (p) => {
        p.status = {
          phase: "Failed",
          containerStatuses: [
            { name: "runner", ready: false, restartCount: 0, state: { terminated: { exitCode: 137, reason: "OOMKilled" } } },
            { name: "dind", ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: "Completed" } } },
          ],
        };
      });
      await until(() => /set-a-kd8xq-runner-b2z4m\s+0\/2\s+OOMKilled/.test(out), "the OOMKilled line");
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("describe pod shows the Events of that pod only", async () => {
    const out = await run(["describe", "pod", "set-a-kd8xq-runner-b2z4m", "-n", NS]);
    expect(out).toMatch(/^Name:\s+set-a-kd8xq-runner-b2z4m$/m);
    expect(out).toMatch(/^Node:\s+node-1/m);
    const events = out.slice(out.indexOf("Events:"));
    expect(events).toMatch(/Warning\s+BackOff\s+.*kubelet.*Back-off pulling image ghcr\.io\/actions\/actions-runner:latest/);
    expect(events).not.toContain("must not show up");
  });

  it("logs -c picks the container's lines", async () => {
    expect(await run(["logs", "set-a-kd8xq-runner-b2z4m", "-n", NS, "-c", "runner"])).toBe("√ Connected to GitHub\nListening for Jobs\n");
    expect(await run(["logs", "set-a-kd8xq-runner-b2z4m", "-n", NS, "-c", "dind"])).toBe("API listen on /var/run/docker.sock\n");
  });

  it("get --raw through the pod proxy reaches the metrics handler on the named port", async () => {
    const out = await run(["get", "--raw", "/api/v1/namespaces/arc-systems/pods/set-a-754b578d-listener:metrics/proxy/metrics"]);
    expect(out).toBe('gha_busy_runners{name="set-a-754b578d-listener",port="8080"} 1\n');
  });
});
