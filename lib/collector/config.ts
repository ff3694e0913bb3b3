import { z } from "zod";

/** Collector configuration, read from the environment once at start (validated; bad values fail loudly). */

const list = z
  .string()
  .optional()
  .transform((v) => (v ? v.split(",").map((s) => s.trim()).filter(Boolean) : undefined));

const repoList = list.refine((v) => !v || v.every((r) => /^[^/\s]+\/[^/\s]+$/.test(r)), { message: "GITHUB_REPOS must be owner/repo entries" });

const EnvSchema = z
  .object({
    KUBECONFIG: z.string().optional(),
    RUNNERSCOPE_CONTEXTS: list,
    KUBERNETES_SERVICE_HOST: z.string().optional(),
    RUNNERSCOPE_IN_CLUSTER_NAME: z.string().default("in-cluster"),
    RUNNERSCOPE_RUNNER_NAMESPACES: list,
    RUNNERSCOPE_CONTROLLER_NAMESPACES: list,
    GITHUB_API_URL: z.string().url().default("https://api.github.com"),
    GITHUB_TOKEN: z.string().min(1).optional(),
    GITHUB_APP_ID: z.string().optional(),
    GITHUB_APP_INSTALLATION_ID: z.string().optional(),
    GITHUB_APP_PRIVATE_KEY: z.string().optional(),
    GITHUB_ORGS: list,
    GITHUB_REPOS: repoList,
    GITHUB_WEBHOOK_SECRET: z.string().min(1).optional(),
    RUNNERSCOPE_LISTENER_SCRAPE_SECONDS: z.coerce.number().positive().default(15),
    RUNNERSCOPE_GITHUB_MIN_INTERVAL_SECONDS: z.coerce.number().positive().default(30),
    RUNNERSCOPE_DIAGNOSIS_SECONDS: z.coerce.number().positive().default(2),
  })
  .refine((e) => !e.GITHUB_APP_ID || (e.GITHUB_APP_INSTALLATION_ID && e.GITHUB_APP_PRIVATE_KEY), {
    message: "GITHUB_APP_ID needs GITHUB_APP_INSTALLATION_ID and GITHUB_APP_PRIVATE_KEY",
  });

export type GitHubAuth =
  | { kind: "token"; token: string }
  | { kind: "app"; appId: string; installationId: number; privateKey: string }
  | { kind: "none" };

export interface CollectorConfig {
  kubernetes: {
    kubeconfigPath?: string;
    /** Contexts to use; undefined = every context in the kubeconfig. */
    contexts?: string[];
    /** In-cluster service account (KUBERNETES_SERVICE_HOST set and no KUBECONFIG). */
    inCluster: boolean;
    inClusterName: string;
    /** undefined = all namespaces. */
    runnerNamespaces?: string[];
    controllerNamespaces?: string[];
  };
  github: {
    apiUrl: string;
    auth: GitHubAuth;
    orgs: string[];
    /** undefined = derive from scale sets' githubConfigUrl. */
    repos?: string[];
    webhookSecret?: string;
    minIntervalSeconds: number;
  };
  listenerScrapeSeconds: number;
  diagnosisSeconds: number;
}

export function loadCollectorConfig(env: Record<string, string | undefined> = process.env): CollectorConfig {
  const e = EnvSchema.parse(env);
  const auth: GitHubAuth = e.GITHUB_APP_ID
    ? {
        kind: "app",
        appId: e.GITHUB_APP_ID,
        installationId: Number(e.GITHUB_APP_INSTALLATION_ID),
        // env files often carry the PEM with literal \n
        privateKey: (e.GITHUB_APP_PRIVATE_KEY ?? "").replace(/\\n/g, "\n"),
      }
    : e.GITHUB_TOKEN
      ? { kind: "token", token: e.GITHUB_TOKEN }
      : { kind: "none" };
  return {
    kubernetes: {
      kubeconfigPath: e.KUBECONFIG,
      contexts: e.RUNNERSCOPE_CONTEXTS,
      inCluster: Boolean(e.KUBERNETES_SERVICE_HOST) && !e.KUBECONFIG,
      inClusterName: e.RUNNERSCOPE_IN_CLUSTER_NAME,
      runnerNamespaces: e.RUNNERSCOPE_RUNNER_NAMESPACES,
      controllerNamespaces: e.RUNNERSCOPE_CONTROLLER_NAMESPACES,
    },
    github: {
      apiUrl: e.GITHUB_API_URL.replace(/\/+$/, ""),
      auth,
      orgs: e.GITHUB_ORGS ?? [],
      repos: e.GITHUB_REPOS,
      webhookSecret: e.GITHUB_WEBHOOK_SECRET,
      minIntervalSeconds: e.RUNNERSCOPE_GITHUB_MIN_INTERVAL_SECONDS,
    },
    listenerScrapeSeconds: e.RUNNERSCOPE_LISTENER_SCRAPE_SECONDS,
    diagnosisSeconds: e.RUNNERSCOPE_DIAGNOSIS_SECONDS,
  };
}
