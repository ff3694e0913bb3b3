/** TanStack Query key factory; SSE change topics map onto these prefixes. */
export const queryKeys = {
  fleet: () => ["fleet"] as const,
  sources: () => ["sources"] as const,
  scaleSet: (cluster: string, namespace: string, name: string, window?: string) => ["scaleSet", `${cluster}/${namespace}/${name}`, window ?? ""] as const,
  runner: (cluster: string, namespace: string, name: string) => ["runner", `${cluster}/${namespace}/${name}`] as const,
};

/** Which cached queries a change notification makes stale. */
export function keysForChange(change: { topics: string[]; keys: string[] }): readonly (readonly string[])[] {
  const out: (readonly string[])[] = [];
  if (change.topics.some((t) => t === "fleet" || t === "findings")) out.push(queryKeys.fleet());
  if (change.topics.includes("sources")) out.push(queryKeys.sources());
  if (change.topics.includes("findings")) out.push(["scaleSet"]);
  for (const k of change.keys) out.push(["scaleSet", k], ["runner"]);
  return out;
}
