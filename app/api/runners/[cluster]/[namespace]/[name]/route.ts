import { connection, NextResponse } from "next/server";
import { getStore } from "@/lib/store";
import { ApiError, getRunnerDetail, toErrorResponse } from "@/lib/services";

export async function GET(_req: Request, ctx: { params: Promise<{ cluster: string; namespace: string; name: string }> }) {
  await connection();
  try {
    const { cluster, namespace, name } = await ctx.params;
    const detail = await getRunnerDetail(await getStore(), cluster, namespace, name);
    if (!detail) throw new ApiError(404, "runner_not_found", `no runner ${cluster}/${namespace}/${name}`);
    return NextResponse.json(detail);
  } catch (e) {
    return toErrorResponse(e);
  }
}
