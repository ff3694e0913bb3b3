import { connection, NextResponse } from "next/server";
import { z } from "zod";
import { getStore } from "@/lib/store";
import { freezeDiagnosis, freezeIncident, resolveWindow, toErrorResponse } from "@/lib/services";
import { readBodyLimited } from "@/lib/evidence/diagnose-request";
import { MAX_PASTE_BYTES } from "@/lib/evidence/diagnose-text";

const DiagnosisBody = z.object({ kind: z.literal("diagnose"), title: z.string().trim().min(1).max(200).optional(), text: z.string().min(1) });

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
    const raw = await readBodyLimited(req, MAX_PASTE_BYTES + 4096);
    if (raw === undefined) return NextResponse.json({ error: { code: "payload_too_large", message: "The incident body is too large; the limit is 5 MB" } }, { status: 413 });
    const json: unknown = JSON.parse(raw || "null");
    const now = new Date();
    const asDiagnosis = DiagnosisBody.safeParse(json);
    if (asDiagnosis.success) {
      const incident = await freezeDiagnosis(await getStore(), { title: asDiagnosis.data.title, text: asDiagnosis.data.text, now });
      return NextResponse.json({ id: incident.id, url: `/incidents/${incident.id}` }, { status: 201 });
    }
    const body = Body.parse(json);
    const { from, to } = resolveWindow(body, now);
    const incident = await freezeIncident(await getStore(), { title: body.title, scaleSets: body.scope.scaleSets, from, to, now });
    return NextResponse.json({ id: incident.id, url: `/incidents/${incident.id}` }, { status: 201 });
  } catch (e) {
    return toErrorResponse(e);
  }
}
