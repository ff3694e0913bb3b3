/**
 * `metav1.Status` failure objects, the body every real apiserver error carries, and the
 * RBAC "forbidden" message format clients and humans recognise.
 */
import { qualifiedResource } from "./resources";
import type { ResourceType } from "./types";

export interface KubeStatus {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure";
  message: string;
  reason: string;
  code: number;
  details?: { name?: string; group?: string; kind?: string; retryAfterSeconds?: number };
}

const REASONS: Record<number, string> = {
  400: "BadRequest",
  403: "Forbidden",
  404: "NotFound",
  405: "MethodNotAllowed",
  406: "NotAcceptable",
  409: "Conflict",
  410: "Expired",
  413: "RequestEntityTooLarge",
  415: "UnsupportedMediaType",
  422: "Invalid",
  429: "TooManyRequests",
  500: "InternalError",
  503: "ServiceUnavailable",
  504: "Timeout",
};

export function statusReason(code: number): string {
  return REASONS[code] ?? "Unknown";
}

export function failureStatus(code: number, message: string, reason = statusReason(code), details?: KubeStatus["details"]): KubeStatus {
  return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code, ...(details ? { details } : {}) };
}

/** The identity the simulated server pretends the dashboard runs as. */
export const SIMULATED_USER = "system:serviceaccount:runnerscope:runnerscope";

/** `pods "x" is forbidden: User "…" cannot get resource "pods" in API group "" in the namespace "ns"`. */
export function forbiddenStatus(type: ResourceType, verb: string, namespace: string | undefined, name?: string): KubeStatus {
  const subject = name ? `${qualifiedResource(type)} "${name}"` : qualifiedResource(type);
  const scope = namespace ? `in the namespace "${namespace}"` : "at the cluster scope";
  return failureStatus(
    403,
    `${subject} is forbidden: User "${SIMULATED_USER}" cannot ${verb} resource "${type.plural}" in API group "${type.group}" ${scope}`,
    "Forbidden",
    { ...(name ? { name } : {}), group: type.group, kind: type.plural },
  );
}

export function notFoundStatus(type: ResourceType, name: string): KubeStatus {
  return failureStatus(404, `${qualifiedResource(type)} "${name}" not found`, "NotFound", { name, group: type.group, kind: type.plural });
}
