import { connection, NextResponse } from "next/server";
import { getStore } from "@/lib/store";
import { ApiError, getIncident, revokeIncident, toErrorResponse } from "@/lib/services";

type Ctx = { params: Promise<{ id: string }> };

export async function GET(_req: Request, ctx: Ctx) {
  await connection();
  try {
    const { id } = await ctx.params;
    const found = await getIncident(await getStore(), id);
    if (found.state === "missing") throw new ApiError(404, "incident_not_found", "no such incident");
    if (found.state === "revoked") throw new ApiError(410, "incident_revoked", `this incident link was revoked at ${found.revokedAt}`);
    return NextResponse.json(found.incident, { headers: { "Cache-Control": "private, no-store" } });
  } catch (e) {
    return toErrorResponse(e);
  }
}

/** Revokes the link: the frozen view stops being served at once. */
export async function DELETE(_req: Request, ctx: Ctx) {
  await connection();
  try {
    const { id } = await ctx.params;
    if (!(await revokeIncident(await getStore(), id))) throw new ApiError(404, "incident_not_found", "no such incident, or already revoked");
    return new NextResponse(null, { status: 204 });
  } catch (e) {
    return toErrorResponse(e);
  }
}
