import { connection } from "next/server";
import { changeStream } from "@/lib/live/sse";

/** One server-sent-events stream for every page and the wall: change notifications plus heartbeats. */
export async function GET(request: Request) {
  await connection();
  return new Response(changeStream({ signal: request.signal }), {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}
