import { connection, NextResponse, type NextRequest } from "next/server";
import { getStore } from "@/lib/store";
import { ApiError, getScaleSetView, resolveWindow, toErrorResponse } from "@/lib/services";

/** `?window=1h` (default) or `?from=…&to=…` (ISO), optional `maxPoints` (10–1000). */
export async function GET(req: NextRequest, ctx: { params: Promise<{ cluster: string; namespace: string; name: string }> }) {
  await connection();
  try {
    const key = await ctx.params;
    const q = req.nextUrl.searchParams;
    const now = new Date();
    const { from, to } = resolveWindow({ from: q.get("from"), to: q.get("to"), window: q.get("window") }, now);
    const maxPoints = Math.min(1000, Math.max(10, Number(q.get("maxPoints") ?? 300) || 300));
    const view = await getScaleSetView(await getStore(), key, { from, to, now, maxPoints });
    if (!view) throw new ApiError(404, "scale_set_not_found", `no scale set ${key.cluster}/${key.namespace}/${key.name}`);
    return NextResponse.json(view);
  } catch (e) {
    return toErrorResponse(e);
  }
}
