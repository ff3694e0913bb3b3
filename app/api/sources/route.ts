import { connection, NextResponse } from "next/server";
import { getStore } from "@/lib/store";
import { getSourceHealth, toErrorResponse } from "@/lib/services";

export async function GET() {
  await connection();
  try {
    return NextResponse.json(await getSourceHealth(await getStore()));
  } catch (e) {
    return toErrorResponse(e);
  }
}
