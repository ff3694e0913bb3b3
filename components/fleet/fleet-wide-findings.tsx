import type { FindingRecord } from "@/lib/services/types";
import { FindingCard } from "@/components/diagnosis/finding-card";

/** Findings that belong to no single scale set: jobs whose labels nobody serves, GitHub budget or auth, a cluster. */
export function FleetWideFindings({ findings, now }: { findings: FindingRecord[]; now: string }) {
  if (findings.length === 0) return null;
  return (
    <section aria-labelledby="fleet-wide-h" className="space-y-2">
      <h2 id="fleet-wide-h" className="text-base font-semibold">
        Fleet-wide ({findings.length})
      </h2>
      {findings.map((f) => (
        <FindingCard key={f.fingerprint} finding={f} now={now} open={false} />
      ))}
    </section>
  );
}
