import { NextResponse } from "next/server";
import { ZodError } from "zod";

import { ApiError } from "@/lib/api/api-error";

/** An error a route reports as-is: status + stable code + message safe to show. */
export { ApiError };

/** Maps any thrown value to `{error: {code, message}}`: ZodError → 422, ApiError → its status, else 500. */
export function toErrorResponse(e: unknown): NextResponse {
  if (e instanceof ZodError) {
    const message = e.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
    return NextResponse.json({ error: { code: "invalid_request", message } }, { status: 422 });
  }
  if (e instanceof SyntaxError) return NextResponse.json({ error: { code: "invalid_request", message: `body: not valid JSON (${e.message})` } }, { status: 422 });
  if (e instanceof ApiError) return NextResponse.json({ error: { code: e.code, message: e.message } }, { status: e.status });
  console.error(e);
  return NextResponse.json({ error: { code: "internal", message: "internal error" } }, { status: 500 });
}
