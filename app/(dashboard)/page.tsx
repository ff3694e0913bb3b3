import { connection } from "next/server";
import { getStore } from "@/lib/store";
import { getFleetOverview } from "@/lib/services/fleet-overview";
import { parseFleetFilters } from "@/lib/ui/fleet-filters";
import { FleetOverviewLive } from "@/components/fleet/fleet-overview-live";

export default async function FleetPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const [overview, params] = await Promise.all([getStore().then((s) => getFleetOverview(s, { now: new Date() })), searchParams]);
  return <FleetOverviewLive initial={overview} filters={parseFleetFilters(params)} />;
}
