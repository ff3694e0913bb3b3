import { NextResponse } from "next/server";

/** Liveness: the process is up and serving. Never depends on the cluster or GitHub. */
export function GET() {
  return NextResponse.json({ status: "ok" });
}
