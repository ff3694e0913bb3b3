import { describe, expect, it } from "vitest";
import { BENIGN_SAMPLES, SECRET_SAMPLES } from "./corpus";
import { redact, redactValue } from "./redact";

describe("redact", () => {
  it.each(SECRET_SAMPLES.map((s) => [s.name, s] as const))("removes %s", (_name, sample) => {
    const out = redact(sample.text);
    expect(sample.secret.length).toBeGreaterThan(8);
    expect(out).not.toContain(sample.secret);
    expect(out).toMatch(/\[REDACTED:[a-z-]+\]/);
  });

  it("leaves ordinary evidence untouched", () => {
    for (const line of BENIGN_SAMPLES) expect(redact(line)).toBe(line);
  });

  it("keeps the key so the reader knows what was hidden, and is idempotent", () => {
    const once = redact("ACTIONS_RUNNER_INPUT_JITCONFIG=eyJhYmMiOiJkZWYifQ== next");
    expect(once).toBe("ACTIONS_RUNNER_INPUT_JITCONFIG=[REDACTED:jit-config] next");
    expect(redact(once)).toBe(once);
  });

  it("does not swallow the log line after a truncated private key", () => {
    const out = redact("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nCreated ephemeral runner pod");
    expect(out).toBe("[REDACTED:private-key]\nCreated ephemeral runner pod");
  });

  it("scans 1 MB in well under 200 ms", () => {
    const chunk = [...BENIGN_SAMPLES, ...SECRET_SAMPLES.map((s) => s.text)].join("\n") + "\n";
    const big = chunk.repeat(Math.ceil(1_000_000 / chunk.length));
    redact(big.slice(0, 10_000)); // warm up the regex engine
    const t0 = performance.now();
    const out = redact(big);
    expect(performance.now() - t0).toBeLessThan(200);
    expect(out).not.toContain("ghp_R4nd0m");
  });

  it("has no catastrophic backtracking on adversarial input", () => {
    const evil = ["-----BEGIN PRIVATE KEY-----" + " A".repeat(100_000), "password=" + "a".repeat(200_000), "eyJ" + "a.".repeat(100_000), "authorization: " + " ".repeat(100_000)];
    const t0 = performance.now();
    for (const e of evil) redact(e);
    expect(performance.now() - t0).toBeLessThan(200);
  });
});

describe("redactValue", () => {
  it("redacts deeply and by key, without mutating the input", () => {
    const input = {
      metadata: { name: "web-abcde-runner-fghij" },
      data: { jitToken: "c2VjcmV0", runnerName: "web-abcde-runner-fghij" },
      status: { runnerJITConfig: "abc", env: [{ name: "X", value: "Bearer-less ghp_R4nd0mT0k3nV4lu3F0rT3st1ng0nlyAbCdEf" }] },
      count: 3,
    };
    const out = redactValue(input);
    expect(out.data.jitToken).toBe("[REDACTED:jit-config]");
    expect(out.status.runnerJITConfig).toBe("[REDACTED:jit-config]");
    expect(out.status.env[0]?.value).toBe("Bearer-less [REDACTED:github-token]");
    expect(out.data.runnerName).toBe("web-abcde-runner-fghij");
    expect(out.count).toBe(3);
    expect(input.data.jitToken).toBe("c2VjcmV0");
  });

  it("survives cycles", () => {
    const a: Record<string, unknown> = { token: "x1234" };
    a.self = a;
    const out = redactValue(a);
    expect(out.token).toBe("[REDACTED:secret]");
  });
});
