import type { ScaleSetState } from "@/lib/model";

function Row({ k, v, warn }: { k: string; v: React.ReactNode; warn?: string }) {
  return (
    <div className="grid grid-cols-[10rem_1fr] gap-2 border-b border-zinc-100 py-1 last:border-0 dark:border-zinc-800">
      <dt className="text-zinc-500 dark:text-zinc-400">{k}</dt>
      <dd className="min-w-0 font-mono text-xs break-all">
        {v}
        {warn ? <span className="ml-2 font-sans text-amber-700 dark:text-amber-400">⚠ {warn}</span> : null}
      </dd>
    </div>
  );
}

/** The scale set's configuration as the cluster has it (not as the Helm values say): drift shows up here. */
export function ConfigPanel({ config }: { config: ScaleSetState }) {
  const rc = config.runnerContainer;
  const missingMounts = rc ? rc.volumeMounts.filter((m) => !config.templateVolumes.includes(m)) : [];
  return (
    <section aria-labelledby="config-h" className="rounded-lg border border-zinc-200 bg-white p-4 text-sm dark:border-zinc-800 dark:bg-zinc-900">
      <h2 id="config-h" className="mb-2 text-sm font-semibold">
        Configuration
      </h2>
      <dl>
        <Row k="githubConfigUrl" v={config.githubConfigUrl} />
        <Row k="auth secret" v={config.githubConfigSecret} />
        <Row k="runner group" v={config.runnerGroup} />
        <Row k="runs-on labels" v={[config.runnerScaleSetName, ...config.extraLabels].join(", ")} />
        <Row k="min / max runners" v={`${config.minRunners ?? "unset (0)"} / ${config.maxRunners ?? "unset (2147483647)"}`} warn={config.maxRunners === undefined ? "max unset" : config.minRunners !== undefined && config.minRunners > config.maxRunners ? "min > max" : undefined} />
        <Row k="container mode" v={config.containerMode} />
        <Row k="ARC version" v={config.version ?? "unknown"} />
        <Row k="phase" v={config.phase} />
        <Row k="scale-set id" v={config.scaleSetId ?? "—"} />
        {rc ? (
          <>
            <Row k="runner image" v={rc.image} />
            <Row k="runner command" v={rc.command ? rc.command.join(" ") : "(not set: the image's default CMD runs)"} warn={rc.command ? undefined : "command missing"} />
            <Row k="volume mounts" v={rc.volumeMounts.join(", ") || "—"} warn={missingMounts.length ? `no volume named ${missingMounts.join(", ")}` : undefined} />
            <Row k="volumes" v={config.templateVolumes.join(", ") || "—"} />
            {rc.resources?.limits ? <Row k="limits" v={Object.entries(rc.resources.limits).map(([k, v]) => `${k}=${v}`).join(", ")} /> : null}
          </>
        ) : null}
      </dl>
    </section>
  );
}
