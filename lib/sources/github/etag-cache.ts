import type { Octokit } from "@octokit/core";

export interface CachedResponse {
  etag: string;
  data: unknown;
  headers: Record<string, string | number | undefined>;
  status: number;
  url: string;
}

/** ETag + last body per request URL (query included). */
export type EtagCache = Map<string, CachedResponse>;

/** Marker on responses served from the cache after a 304 (they cost no rate-limit budget). */
export const NOT_MODIFIED = Symbol("not-modified");

function statusOf(err: unknown): number | undefined {
  return typeof err === "object" && err !== null && typeof (err as { status?: unknown }).status === "number" ? (err as { status: number }).status : undefined;
}

/**
 * Conditional GETs: sends `If-None-Match` with the ETag of the last 200 for the same URL and turns a 304 (which
 * Octokit throws) into the cached response. A 304 does not count against GitHub's rate limit.
 */
export function withEtagCache(octokit: Octokit, cache: EtagCache, maxEntries = 5000): void {
  octokit.hook.wrap("request", async (request, options) => {
    if ((options.method ?? "GET").toUpperCase() !== "GET") return request(options);
    const key = octokit.request.endpoint(options).url;
    const cached = cache.get(key);
    if (cached) options.headers = { ...options.headers, "if-none-match": cached.etag };
    try {
      const res = await request(options);
      const etag = res.headers.etag;
      if (typeof etag === "string" && etag) {
        if (cache.size >= maxEntries && !cache.has(key)) {
          const oldest = cache.keys().next().value;
          if (oldest !== undefined) cache.delete(oldest);
        }
        // cloned: octokit.paginate normalises list bodies in place
        cache.set(key, { etag, data: structuredClone(res.data), headers: res.headers as CachedResponse["headers"], status: res.status, url: res.url });
      }
      return res;
    } catch (err) {
      if (statusOf(err) === 304 && cached) {
        return { data: structuredClone(cached.data), headers: { ...cached.headers }, status: 200, url: cached.url, [NOT_MODIFIED]: true } as unknown as Awaited<ReturnType<typeof request>>;
      }
      throw err;
    }
  });
}

export function wasNotModified(res: unknown): boolean {
  return typeof res === "object" && res !== null && (res as { [NOT_MODIFIED]?: boolean })[NOT_MODIFIED] === true;
}
