import { describe, expect, it } from "vitest";
import { configCoversRepo } from "./jobs";

describe("configCoversRepo", () => {
  it("matches config URLs at enterprise, org and repo scope", () => {
    expect(configCoversRepo("https://github.com/enterprises/big", "acme/api")).toBe(true);
    expect(configCoversRepo("https://github.com/acme", "ACME/api")).toBe(true);
    expect(configCoversRepo("https://github.com/acme/api/", "acme/api")).toBe(true);
    expect(configCoversRepo("https://github.com/acme/web", "acme/api")).toBe(false);
  });
});
