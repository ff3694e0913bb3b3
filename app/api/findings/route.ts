import { connection, NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { getStore } from "@/lib/store";
import { listFindings, toErrorResponse } from "@/lib/services";

const Query = z
  .object({
    includeResolved: z.enum(["true", "false"]).optional(),
    cluster: z.string().min(1).optional(),
    namespace: z.string().min(1).optional(),
    scaleSet: z.string().min(1).optional(),
  })
  .refine((q) => [q.cluster, q.namespace, q.scaleSet].every((v) => v === undefined) || [q.cluster, q.namespace, q.scaleSet].every((v) => v !== undefined), {
    message: "cluster, namespace and scaleSet go together",
  });

/** `GET /api/findings?includeResolved=true&cluster=…&namespace=…&scaleSet=…` */
export async function GET(req: NextRequest) {
  await connection();
  try {
    const q = Query.parse(Object.fromEntries(req.nextUrl.searchParams));
    const key = q.cluster && q.namespace && q.scaleSet ? { cluster: q.cluster, namespace: q.namespace, name: q.scaleSet } : undefined;
    const findings = await listFindings(await getStore(), { includeResolved: q.includeResolved === "true", key });
    return NextResponse.json({ findings });
  } catch (e) {
    return toErrorResponse(e);
  }
}
