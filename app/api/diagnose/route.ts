import { connection, NextResponse } from "next/server";
import { handleDiagnoseRequest } from "@/lib/evidence/diagnose-request";
import { toErrorResponse } from "@/lib/services/api-error";

/** POST text (or JSON `{text}`) → `{findings, notEvaluated, parsed}`; over 5 MB → 413. */
export async function POST(req: Request) {
  await connection();
  try {
    const { status, body } = await handleDiagnoseRequest(req);
    return NextResponse.json(body, { status });
  } catch (e) {
    return toErrorResponse(e);
  }
}
