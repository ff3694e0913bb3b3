import { expect, test } from "@playwright/test";

test("pages carry a nonce CSP, no framing, no referrer; the nonce changes per request", async ({ request }) => {
  const a = await request.get("/diagnose");
  const b = await request.get("/diagnose");
  const csp = a.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain("unsafe-eval");
  expect(b.headers()["content-security-policy"]).not.toEqual(csp);
  expect(a.headers()["referrer-policy"]).toBe("no-referrer");
  expect(a.headers()["x-content-type-options"]).toBe("nosniff");
  expect(a.headers()["x-frame-options"]).toBe("DENY");
  expect(a.headers()["x-powered-by"]).toBeUndefined();
});

test("inline scripts in the page carry the request's nonce", async ({ page }) => {
  const res = await page.goto("/diagnose");
  const nonce = /'nonce-([^']+)'/.exec(res?.headers()["content-security-policy"] ?? "")?.[1];
  expect(nonce).toBeTruthy();
  const inline = await page.locator("script:not([src])").evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
  expect(inline.length).toBeGreaterThan(0);
  expect(inline.every((n) => n === nonce)).toBe(true);
});

test("an oversized paste gets a clear 413, not a crash", async ({ request }) => {
  const res = await request.post("/api/diagnose", { data: "x".repeat(5 * 1024 * 1024 + 10), headers: { "content-type": "text/plain" } });
  expect(res.status()).toBe(413);
  expect((await res.json()).error.message).toMatch(/limit is 5 MB/);
});
