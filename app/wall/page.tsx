import type { Metadata } from "next";
import { connection } from "next/server";
import { getStore } from "@/lib/store";
import { getFleetOverview } from "@/lib/services/fleet-overview";
import { WallLive } from "@/components/wall/wall-live";

export const metadata: Metadata = { title: "Wall" };

/** Read-only wall display: no controls, large type, dark, pushed updates, visible staleness. */
export default async function WallPage() {
  await connection();
  const overview = await getFleetOverview(await getStore(), { now: new Date() });
  return <WallLive initial={overview} />;
}
