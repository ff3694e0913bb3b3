import { connection, NextResponse } from "next/server";
import { z } from "zod";
import { getStore } from "@/lib/store";
import { freezeIncident, resolveWindow, toErrorResponse } from "@/lib/services";

const Body = z.object({
  title: z.string().trim().min(1).max(200).optional(),
  scope: z.object({
    scaleSets: z
      .array(z.object({ cluster: z.string().min(1), namespace: z.string().min(1), name: z.string().min(1) }))
      .min(1)
      .max(20),
  }),
  window: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
});

/** Freezes the current view of the scoped scale sets into a shareable incident; answers `{id, url}`. */
export async function POST(req: Request) {
  await connection();
  try {
    const body = Body.parse(await req.json().catch(() => undefined));
    const now = new Date();
    const { from, to } = resolveWindow(body, now);
    const incident = await freezeIncident(await getStore(), { title: body.title, scaleSets: body.scope.scaleSets, from, to, now });
    return NextResponse.json({ id: incident.id, url: `/incidents/${incident.id}` }, { status: 201 });
  } catch (e) {
    return toErrorResponse(e);
  }
}
