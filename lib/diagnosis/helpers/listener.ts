/** A scale set's listener as the snapshot shows it: its pods and its statistics samples. */
import type { FleetSnapshot, ListenerSample, PodState } from "@/lib/model";
import { LABEL } from "@/lib/model/arc-labels";

/** Listener pods of a scale set: role listener + scale-set-name (and scale-set-namespace when labelled), same cluster. */
export function listenerPodsFor(snapshot: FleetSnapshot, set: { cluster?: string; namespace?: string; name: string }): PodState[] {
  return snapshot.pods.filter((p) => {
    if (p.role !== "listener") return false;
    if (set.cluster && p.cluster && p.cluster !== set.cluster) return false;
    if ((p.labels[LABEL.scaleSetName] ?? p.scaleSet) !== set.name) return false;
    const ns = p.labels[LABEL.scaleSetNamespace];
    return !ns || !set.namespace || ns === set.namespace;
  });
}

/** Listener samples of a scale set, oldest first (the sample namespace is the scale set's namespace). */
export function samplesFor(snapshot: FleetSnapshot, set: { cluster?: string; namespace?: string; name: string }): ListenerSample[] {
  return snapshot.listenerSamples
    .filter((s) => s.scaleSet === set.name && (!set.namespace || !s.namespace || s.namespace === set.namespace) && (!set.cluster || !s.cluster || s.cluster === set.cluster))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** Seconds after which a listener's statistics count as stale, by how they are collected. */
export function staleAfterSeconds(source: ListenerSample["source"]): number {
  return source === "metrics" ? 60 : 150;
}
