import { connection, NextResponse } from "next/server";
import { getStore } from "@/lib/store";
import { getFleetOverview, toErrorResponse } from "@/lib/services";

export async function GET() {
  await connection();
  try {
    return NextResponse.json(await getFleetOverview(await getStore(), { now: new Date() }));
  } catch (e) {
    return toErrorResponse(e);
  }
}
