import { PassThrough } from "node:stream";
import { createInterface } from "node:readline";
import { Log, type KubeConfig } from "@kubernetes/client-node";

export interface LogFollow {
  stop(): void;
  /** Resolves when the stream ends: undefined = closed normally, otherwise the error (403 → status 403). */
  done: Promise<unknown>;
}

/**
 * Follows one container's log through the API server (client-node `Log`, follow=true) and calls `onLine`
 * for every complete line. The caller decides whether to follow again when the stream ends.
 */
export function followPodLog(
  kc: KubeConfig,
  target: { namespace: string; pod: string; container: string; tailLines?: number; sinceTime?: string },
  onLine: (line: string) => void,
): LogFollow {
  const stream = new PassThrough();
  let controller: AbortController | undefined;
  let stopped = false;
  const done = new Promise<unknown>((resolve) => {
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    lines.on("line", (l) => {
      if (!stopped && l.length > 0) onLine(l);
    });
    lines.on("close", () => resolve(undefined));
    stream.on("error", (err) => resolve(err));
    new Log(kc)
      .log(target.namespace, target.pod, target.container, stream, {
        follow: true,
        ...(target.sinceTime ? { sinceTime: target.sinceTime } : target.tailLines !== undefined ? { tailLines: target.tailLines } : {}),
      })
      .then((c) => {
        controller = c;
        if (stopped) c.abort();
      })
      .catch((err: unknown) => {
        stream.end();
        resolve(err ?? new Error("log request failed"));
      });
  });
  return {
    done,
    stop() {
      stopped = true;
      controller?.abort();
      stream.end();
    },
  };
}
