/** A scale set's listener as the snapshot shows it: its pods and its statistics samples. */
import type { FleetSnapshot, ListenerSample, PodState } from "@/lib/model";
import { LABEL } from "@/lib/model/arc-labels";
import { bucket, memo } from "./index";

/** Listener pods of a scale set: role listener + scale-set-name (and scale-set-namespace when labelled), same cluster. */
export function listenerPodsFor(snapshot: FleetSnapshot, set: { cluster?: string; namespace?: string; name: string }): PodState[] {
  const byName = memo(snapshot, "listenerPodsBySet", () => bucket(snapshot.pods, (p) => (p.role === "listener" ? (p.labels[LABEL.scaleSetName] ?? p.scaleSet) : undefined)));
  return (byName.get(set.name) ?? []).filter((p) => {
    if (set.cluster && p.cluster && p.cluster !== set.cluster) return false;
    const ns = p.labels[LABEL.scaleSetNamespace];
    return !ns || !set.namespace || ns === set.namespace;
  });
}

/** Listener samples of a scale set, oldest first (the sample namespace is the scale set's namespace). Shared within a round: do not mutate. */
export function samplesFor(snapshot: FleetSnapshot, set: { cluster?: string; namespace?: string; name: string }): readonly ListenerSample[] {
  // grouped by scale-set name once per round, each sample's time parsed once, each set's list built once
  const byName = memo(snapshot, "samplesByName", () => bucket(snapshot.listenerSamples.map((s) => ({ s, ms: Date.parse(s.at) })), (e) => e.s.scaleSet));
  const perSet = memo(snapshot, "samplesBySet", () => new Map<string, readonly ListenerSample[]>());
  const key = JSON.stringify([set.cluster, set.namespace, set.name]);
  const hit = perSet.get(key);
  if (hit) return hit;
  const samples = (byName.get(set.name) ?? [])
    .filter(({ s }) => (!set.namespace || !s.namespace || s.namespace === set.namespace) && (!set.cluster || !s.cluster || s.cluster === set.cluster))
    .sort((a, b) => a.ms - b.ms)
    .map((e) => e.s);
  perSet.set(key, samples);
  return samples;
}

/** Seconds after which a listener's statistics count as stale, by how they are collected. */
export function staleAfterSeconds(source: ListenerSample["source"]): number {
  return source === "metrics" ? 60 : 150;
}
