import { randomBytes } from "node:crypto";
import type { ScaleSetKey } from "@/lib/model";
import type { Store } from "@/lib/store";
import { diagnoseText } from "@/lib/evidence/diagnose-text";
import { ApiError } from "./api-error";
import { getScaleSetView } from "./scale-set-view";
import type { IncidentLookup, IncidentPayload, IncidentScope, IncidentView, ScaleSetView } from "./types";

/** 128 random bits, base64url: the link is the only credential, so it must not be guessable. */
export function newIncidentId(): string {
  return randomBytes(16).toString("base64url");
}

const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export async function createIncident(
  store: Store,
  input: { title?: string; scope: IncidentScope; payload: IncidentPayload; now?: Date },
): Promise<string> {
  const id = newIncidentId();
  await store.insertIncident({ id, createdAt: input.now ?? new Date(), title: input.title ?? defaultTitle(input.scope), scope: input.scope, snapshot: input.payload });
  return id;
}

/** Freezes the current views of the scoped scale sets over the window and stores them as an incident. */
export async function freezeIncident(store: Store, input: { title?: string; scaleSets: ScaleSetKey[]; from: Date; to: Date; now: Date }): Promise<IncidentView> {
  const views: ScaleSetView[] = [];
  for (const key of input.scaleSets) {
    const view = await getScaleSetView(store, key, { from: input.from, to: input.to, now: input.now });
    if (!view) throw new ApiError(404, "scale_set_not_found", `no scale set ${key.cluster}/${key.namespace}/${key.name}`);
    views.push(view);
  }
  const [sources, clusters] = await Promise.all([store.listSourceHealth(), store.listClusterInfo()]);
  const scope: IncidentScope = { scaleSets: input.scaleSets, window: { from: input.from.toISOString(), to: input.to.toISOString() } };
  const payload: IncidentPayload = { views, sources, simulated: clusters.some((c) => c.simulated === true) };
  const title = input.title ?? defaultTitle(scope);
  const id = await createIncident(store, { title, scope, payload, now: input.now });
  return { id, title, createdAt: input.now.toISOString(), scope, payload };
}

/**
 * Freezes a paste diagnosis. The server diagnoses the text itself (so what is stored is what the rules say, redacted)
 * and keeps only the findings and parse counts, never the pasted text.
 */
export async function freezeDiagnosis(store: Store, input: { title?: string; text: string; now: Date }): Promise<IncidentView> {
  const { result, parsed } = diagnoseText(input.text, { now: input.now });
  const at = input.now.toISOString();
  const scope: IncidentScope = { scaleSets: [], window: { from: at, to: at } };
  const payload: IncidentPayload = { views: [], sources: [], simulated: false, diagnosis: { findings: result.findings, notEvaluated: result.notEvaluated, parsed: { ...parsed } } };
  const title = input.title ?? `Pasted evidence: ${result.findings[0]?.title ?? "no known failure pattern"}`;
  const id = await createIncident(store, { title, scope, payload, now: input.now });
  return { id, title, createdAt: at, scope, payload };
}

export async function getIncident(store: Store, id: string): Promise<IncidentLookup> {
  if (!ID_PATTERN.test(id)) return { state: "missing" };
  const row = await store.getIncident(id);
  if (!row) return { state: "missing" };
  if (row.revokedAt) return { state: "revoked", revokedAt: row.revokedAt };
  return {
    state: "found",
    incident: { id: row.id, title: row.title, createdAt: row.createdAt, scope: row.scope as IncidentScope, payload: row.snapshot as IncidentPayload },
  };
}

/** True when the link was live and is now dead; false when unknown or already revoked. */
export async function revokeIncident(store: Store, id: string, now = new Date()): Promise<boolean> {
  if (!ID_PATTERN.test(id)) return false;
  return store.revokeIncident(id, now);
}

/** "ha-restarter (sim-west) · 2026-11-22 15:29–16:29 UTC" */
function defaultTitle(scope: IncidentScope): string {
  const names = scope.scaleSets.map((k) => `${k.name} (${k.cluster})`).join(", ") || "fleet";
  const from = scope.window.from.slice(0, 16).replace("T", " ");
  const to = scope.window.to.slice(0, 16).replace("T", " ");
  return `${names} · ${from}–${from.slice(0, 10) === to.slice(0, 10) ? to.slice(11) : to} UTC`;
}
