/**
 * Resource types and object builders: plain Kubernetes JSON shaped exactly like ARC 0.13.1 / 0.14.2
 * and the kubelet would produce them (arc-model.md §1, §4).
 */
import type { KubeObject, ResourceType } from "@/lib/simulator/kube/types";
import { ANNOTATION, ARC_GROUP, ARC_VERSION, COMPONENT, LABEL } from "@/lib/model/arc-labels";
import type { ScaleSetSpec } from "@/lib/simulator/scenarios/types";
import { APP_VERSION, type ArcGen } from "./log-lines";

export const RT = {
  ars: { group: ARC_GROUP, version: ARC_VERSION, plural: "autoscalingrunnersets" },
  ers: { group: ARC_GROUP, version: ARC_VERSION, plural: "ephemeralrunnersets" },
  er: { group: ARC_GROUP, version: ARC_VERSION, plural: "ephemeralrunners" },
  al: { group: ARC_GROUP, version: ARC_VERSION, plural: "autoscalinglisteners" },
  pod: { group: "", version: "v1", plural: "pods" },
  secret: { group: "", version: "v1", plural: "secrets" },
  event: { group: "", version: "v1", plural: "events" },
  namespace: { group: "", version: "v1", plural: "namespaces" },
  node: { group: "", version: "v1", plural: "nodes" },
  configMap: { group: "", version: "v1", plural: "configmaps" },
} as const satisfies Record<string, ResourceType>;

export const CONTROLLER_NS = "arc-systems";
export const RUNNER_NS = "arc-runners";
export const RUNNER_IMAGE = "ghcr.io/actions/actions-runner:latest";
export const RUNNER_VERSION = "2.334.0";
export const ER_FINALIZERS = ["ephemeralrunner.actions.github.com/finalizer", "ephemeralrunner.actions.github.com/runner-registration-finalizer"];

export function controllerImage(gen: ArcGen): string {
  return `ghcr.io/actions/gha-runner-scale-set-controller:${APP_VERSION[gen]}`;
}

export type Json = Record<string, unknown>;

/** Everything about one scale set that its objects repeat. */
export interface SetContext {
  gen: ArcGen;
  spec: ScaleSetSpec;
  org: string;
  configUrl: string;
  scaleSetId: number;
  runnerGroupName: string;
  arsUid: string;
}

function ownerRef(kind: string, name: string, uid: string) {
  return { apiVersion: `${ARC_GROUP}/${ARC_VERSION}`, kind, name, uid, controller: true, blockOwnerDeletion: true };
}

/** Labels ARC puts on AL/ERS/ER/pod (§1.1). */
export function setLabels(ctx: SetContext, component: string): Record<string, string> {
  return {
    [LABEL.partOf]: "gha-runner-scale-set",
    [LABEL.component]: component,
    [LABEL.version]: APP_VERSION[ctx.gen],
    [LABEL.scaleSetName]: ctx.spec.name,
    [LABEL.scaleSetNamespace]: RUNNER_NS,
    [LABEL.enterprise]: "",
    [LABEL.organization]: ctx.org,
    [LABEL.repository]: "",
    "app.kubernetes.io/managed-by": "Helm",
  };
}

function setAnnotations(ctx: SetContext, specHash: string): Record<string, string> {
  return {
    [ANNOTATION.runnerGroupName]: ctx.runnerGroupName,
    [ANNOTATION.runnerScaleSetName]: ctx.spec.name,
    [ANNOTATION.runnerSpecHash]: specHash,
  };
}

/** Runner pod template as the chart renders it for the container mode, with scenario overrides. */
export function podTemplate(spec: ScaleSetSpec): Json {
  const t = spec.template ?? {};
  const env: Json[] = [];
  const volumes: Json[] = [];
  const mounts: Json[] = [];
  const initContainers: Json[] = [];
  const containers: Json[] = [];
  if (spec.containerMode === "dind") {
    env.push({ name: "DOCKER_HOST", value: "unix:///var/run/docker.sock" }, { name: "RUNNER_WAIT_FOR_DOCKER_IN_SECONDS", value: "120" });
    mounts.push({ name: "work", mountPath: "/home/runner/_work" }, { name: "dind-sock", mountPath: "/var/run" });
    volumes.push({ name: "work", emptyDir: {} }, { name: "dind-sock", emptyDir: {} }, { name: "dind-externals", emptyDir: {} });
    initContainers.push(
      { name: "init-dind-externals", image: RUNNER_IMAGE, command: ["cp"], args: ["-r", "/home/runner/externals/.", "/home/runner/tmpDir/"], volumeMounts: [{ name: "dind-externals", mountPath: "/home/runner/tmpDir" }] },
      {
        name: "dind",
        image: "docker:dind",
        args: ["dockerd", "--host=unix:///var/run/docker.sock", "--group=$(DOCKER_GROUP_GID)"],
        env: [{ name: "DOCKER_GROUP_GID", value: "123" }],
        securityContext: { privileged: true },
        restartPolicy: "Always",
        startupProbe: { exec: { command: ["docker", "info"] }, initialDelaySeconds: 0, failureThreshold: 24, periodSeconds: 5 },
        volumeMounts: [
          { name: "work", mountPath: "/home/runner/_work" },
          { name: "dind-sock", mountPath: "/var/run" },
          { name: "dind-externals", mountPath: "/home/runner/externals" },
        ],
      },
    );
  }
  if (spec.containerMode === "kubernetes") {
    env.push(
      { name: "ACTIONS_RUNNER_CONTAINER_HOOKS", value: "/home/runner/k8s/index.js" },
      { name: "ACTIONS_RUNNER_POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
      { name: "ACTIONS_RUNNER_REQUIRE_JOB_CONTAINER", value: "true" },
    );
    mounts.push({ name: "work", mountPath: "/home/runner/_work" });
    volumes.push({
      name: "work",
      ephemeral: { volumeClaimTemplate: { spec: { accessModes: ["ReadWriteOnce"], storageClassName: "standard", resources: { requests: { storage: "1Gi" } } } } },
    });
    if (t.hookExtension) {
      env.push({ name: "ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE", value: "/home/runner/k8s/hook-template.yaml" });
      mounts.push({ name: "hook-extension", mountPath: "/home/runner/k8s/hook-template.yaml", subPath: "content" });
      volumes.push({ name: "hook-extension", configMap: { name: t.hookExtension.configMap } });
    }
  }
  for (const m of t.volumeMounts ?? []) {
    mounts.push({ name: m.name, mountPath: m.mountPath });
    if (!(t.missingVolumes ?? []).includes(m.name)) volumes.push({ name: m.name, emptyDir: {} });
  }
  const runner: Json = { name: "runner", image: t.image ?? RUNNER_IMAGE };
  if (!t.dropCommand) runner.command = ["/home/runner/run.sh"];
  if (env.length) runner.env = env;
  if (mounts.length) runner.volumeMounts = mounts;
  if (t.resources) runner.resources = t.resources;
  containers.push(runner);
  const podSpec: Json = { containers, restartPolicy: "Never" };
  if (initContainers.length) podSpec.initContainers = initContainers;
  if (volumes.length) podSpec.volumes = volumes;
  if (spec.containerMode === "kubernetes") podSpec.serviceAccountName = `${spec.name}-gha-rs-kube-mode`;
  return { spec: podSpec };
}

export function buildArs(ctx: SetContext, valuesHash: string): KubeObject {
  const spec: Json = {
    githubConfigUrl: ctx.configUrl,
    githubConfigSecret: `${ctx.spec.name}-gha-rs-github-secret`,
    runnerGroup: ctx.runnerGroupName,
    runnerScaleSetName: ctx.spec.name,
    minRunners: ctx.spec.minRunners,
    maxRunners: ctx.spec.maxRunners,
    template: podTemplate(ctx.spec),
  };
  if (ctx.gen === "0.14" && ctx.spec.extraLabels?.length) spec.runnerScaleSetLabels = ctx.spec.extraLabels;
  const obj: KubeObject = {
    apiVersion: `${ARC_GROUP}/${ARC_VERSION}`,
    kind: "AutoscalingRunnerSet",
    metadata: {
      name: ctx.spec.name,
      namespace: RUNNER_NS,
      labels: {
        [LABEL.partOf]: "gha-rs",
        [LABEL.component]: COMPONENT.autoscalingRunnerSet,
        [LABEL.version]: APP_VERSION[ctx.gen],
        "app.kubernetes.io/name": ctx.spec.name,
        "app.kubernetes.io/instance": ctx.spec.name,
        "app.kubernetes.io/managed-by": "Helm",
        "helm.sh/chart": `gha-rs-${APP_VERSION[ctx.gen]}`,
        [LABEL.scaleSetName]: ctx.spec.name,
        [LABEL.scaleSetNamespace]: RUNNER_NS,
      },
      annotations: {
        [ANNOTATION.valuesHash]: valuesHash,
        [ANNOTATION.scaleSetId]: String(ctx.scaleSetId),
        [ANNOTATION.runnerGroupName]: ctx.runnerGroupName,
        [ANNOTATION.runnerScaleSetName]: ctx.spec.name,
        "actions.github.com/cleanup-github-secret-name": `${ctx.spec.name}-gha-rs-github-secret`,
        "actions.github.com/cleanup-manager-role-name": `${ctx.spec.name}-gha-rs-manager`,
      },
      finalizers: ["autoscalingrunnerset.actions.github.com/finalizer"],
    },
    spec,
    status: {},
  };
  return obj;
}

export function buildErs(ctx: SetContext, name: string, specHash: string, replicas: number): KubeObject {
  return {
    apiVersion: `${ARC_GROUP}/${ARC_VERSION}`,
    kind: "EphemeralRunnerSet",
    metadata: {
      name,
      namespace: RUNNER_NS,
      labels: setLabels(ctx, COMPONENT.runnerSet),
      annotations: setAnnotations(ctx, specHash),
      ownerReferences: [ownerRef("AutoscalingRunnerSet", ctx.spec.name, ctx.arsUid)],
      finalizers: ["ephemeralrunnerset.actions.github.com/finalizer"],
    },
    spec: { replicas, patchID: 0, ephemeralRunnerSpec: erSpec(ctx) },
    status: ctx.gen === "0.14" ? { currentReplicas: 0, pendingEphemeralRunners: 0, runningEphemeralRunners: 0, failedEphemeralRunners: 0, phase: "Running" } : { currentReplicas: 0, pendingEphemeralRunners: 0, runningEphemeralRunners: 0, failedEphemeralRunners: 0 },
  };
}

function erSpec(ctx: SetContext): Json {
  const tpl = podTemplate(ctx.spec);
  return {
    githubConfigUrl: ctx.configUrl,
    githubConfigSecret: `${ctx.spec.name}-gha-rs-github-secret`,
    runnerScaleSetId: ctx.scaleSetId,
    metadata: { labels: setLabels(ctx, COMPONENT.runner) },
    spec: tpl.spec,
  };
}

export function buildEr(ctx: SetContext, name: string, ersName: string, ersUid: string, specHash: string, patchId: number): KubeObject {
  return {
    apiVersion: `${ARC_GROUP}/${ARC_VERSION}`,
    kind: "EphemeralRunner",
    metadata: {
      name,
      namespace: RUNNER_NS,
      labels: setLabels(ctx, COMPONENT.runner),
      annotations: { ...setAnnotations(ctx, specHash), [ANNOTATION.patchId]: String(patchId) },
      ownerReferences: [ownerRef("EphemeralRunnerSet", ersName, ersUid)],
      finalizers: [...ER_FINALIZERS],
    },
    spec: erSpec(ctx),
    status: {},
  };
}

export function buildAl(ctx: SetContext, name: string, ersName: string, specHash: string, valuesHash: string): KubeObject {
  const spec: Json = {
    githubConfigUrl: ctx.configUrl,
    githubConfigSecret: `${ctx.spec.name}-gha-rs-github-secret`,
    runnerScaleSetId: ctx.scaleSetId,
    autoscalingRunnerSetNamespace: RUNNER_NS,
    autoscalingRunnerSetName: ctx.spec.name,
    ephemeralRunnerSetName: ersName,
    minRunners: ctx.spec.minRunners,
    maxRunners: ctx.spec.maxRunners,
    image: controllerImage(ctx.gen),
    imagePullSecrets: [{ name: "ghcr-pull" }],
  };
  if (ctx.gen === "0.14") spec.metrics = {};
  return {
    apiVersion: `${ARC_GROUP}/${ARC_VERSION}`,
    kind: "AutoscalingListener",
    metadata: {
      name,
      namespace: CONTROLLER_NS,
      labels: setLabels(ctx, COMPONENT.listener),
      annotations: { [ANNOTATION.runnerSpecHash]: specHash, [ANNOTATION.valuesHash]: valuesHash },
      finalizers: ["autoscalinglistener.actions.github.com/finalizer"],
    },
    spec,
  };
}

/** JIT config secret; `empty` reproduces seed 000 (no data at all). */
export function buildJitSecret(ctx: SetContext, name: string, runnerId: number, erUid: string, empty: boolean, jitToken: string): KubeObject {
  const b64 = (s: string) => Buffer.from(s).toString("base64");
  const obj: KubeObject = {
    apiVersion: "v1",
    kind: "Secret",
    metadata: {
      name,
      namespace: RUNNER_NS,
      labels: setLabels(ctx, COMPONENT.runner),
      ownerReferences: [ownerRef("EphemeralRunner", name, erUid)],
    },
    type: "Opaque",
  };
  if (!empty) obj.data = { jitToken: b64(jitToken), runnerName: b64(name), runnerId: b64(String(runnerId)), scaleSetId: b64(String(ctx.scaleSetId)) };
  return obj;
}

/** Runner pod as the EphemeralRunner controller creates it (§4). */
export function buildRunnerPod(ctx: SetContext, name: string, erUid: string, podTemplateHash: string): KubeObject {
  const tpl = podTemplate(ctx.spec);
  const spec = structuredClone(tpl.spec) as Json;
  const containers = spec.containers as Json[];
  const runner = containers[0] as Json;
  const env = (runner.env as Json[] | undefined) ?? [];
  runner.env = [
    ...env,
    { name: "ACTIONS_RUNNER_INPUT_JITCONFIG", valueFrom: { secretKeyRef: { name, key: "jitToken" } } },
    { name: "GITHUB_ACTIONS_RUNNER_EXTRA_USER_AGENT", value: `actions-runner-controller/${APP_VERSION[ctx.gen]}` },
    ...(ctx.gen === "0.14" ? [{ name: "ACTIONS_RUNNER_RETURN_VERSION_DEPRECATED_EXIT_CODE", value: "1" }] : []),
  ];
  spec.serviceAccountName ??= "default";
  spec.schedulerName = "default-scheduler";
  spec.terminationGracePeriodSeconds = 30;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: RUNNER_NS,
      labels: { ...setLabels(ctx, COMPONENT.runner), [LABEL.ephemeralRunner]: "True", [LABEL.podTemplateHash]: podTemplateHash },
      annotations: { [ANNOTATION.runnerSpecHash]: podTemplateHash },
      ownerReferences: [ownerRef("EphemeralRunner", name, erUid)],
    },
    spec,
    status: { phase: "Pending", qosClass: "BestEffort" },
  };
}

export function buildListenerPod(ctx: SetContext, alName: string, alUid: string): KubeObject {
  const container: Json = {
    name: "listener",
    image: controllerImage(ctx.gen),
    command: ["/ghalistener"],
    env: [{ name: "LISTENER_CONFIG_PATH", value: "/etc/gha-listener/config.json" }],
    volumeMounts: [{ name: "listener-config", mountPath: "/etc/gha-listener", readOnly: true }],
  };
  if (ctx.gen === "0.14") container.ports = [{ name: "metrics", containerPort: 8080, protocol: "TCP" }];
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: alName,
      namespace: CONTROLLER_NS,
      labels: setLabels(ctx, COMPONENT.listener),
      ownerReferences: [ownerRef("AutoscalingListener", alName, alUid)],
    },
    spec: {
      containers: [container],
      serviceAccountName: alName,
      restartPolicy: "Never",
      imagePullSecrets: [{ name: "ghcr-pull" }],
      volumes: [{ name: "listener-config", secret: { secretName: `${alName}-config` } }],
    },
    status: { phase: "Pending", qosClass: "BestEffort" },
  };
}

export function buildControllerPod(gen: ArcGen, name: string): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: CONTROLLER_NS,
      labels: {
        [LABEL.partOf]: "gha-rs-controller",
        [LABEL.component]: COMPONENT.controller,
        [LABEL.version]: APP_VERSION[gen],
        "app.kubernetes.io/name": "gha-rs-controller",
        "app.kubernetes.io/instance": "arc",
        "app.kubernetes.io/managed-by": "Helm",
        "pod-template-hash": name.split("-").slice(-2, -1)[0] ?? "",
      },
    },
    spec: {
      serviceAccountName: "arc-gha-rs-controller",
      containers: [
        {
          name: "manager",
          image: controllerImage(gen),
          command: ["/manager"],
          args: ["--auto-scaling-runner-set-only", "--log-level=debug", "--log-format=json", "--update-strategy=immediate", ...(gen === "0.14" ? ["--listener-metrics-addr=:8080", "--listener-metrics-endpoint=/metrics"] : ["--listener-metrics-addr=0"])],
        },
      ],
    },
    status: { phase: "Pending", qosClass: "BestEffort" },
  };
}
