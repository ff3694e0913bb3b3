import { describe, expect, it } from "vitest";
import { compileFieldSelector } from "./field-selector";
import { compileLabelSelector, parseLabelSelector, SelectorParseError } from "./label-selector";

describe("label selectors", () => {
  const labels = { app: "runner", "actions.github.com/scale-set-name": "set-a", tier: "" };

  it.each([
    ["", true],
    ["app=runner", true],
    ["app==runner,actions.github.com/scale-set-name=set-a", true],
    ["app=runner,actions.github.com/scale-set-name=set-b", false],
    ["app!=listener", true],
    ["missing!=x", true],
    ["app in (listener, runner)", true],
    ["app in (listener)", false],
    ["missing in (x)", false],
    ["app notin (listener)", true],
    ["missing notin (x)", true],
    ["tier", true],
    ["!missing", true],
    ["!app", false],
    [" app = runner , tier ", true],
  ])("%j matches: %s", (selector, expected) => {
    expect(compileLabelSelector(selector)(labels)).toBe(expected);
  });

  it("treats objects without labels as having none", () => {
    expect(compileLabelSelector("!app")(undefined)).toBe(true);
    expect(compileLabelSelector("app")(undefined)).toBe(false);
  });

  it("rejects malformed selectors", () => {
    expect(() => parseLabelSelector("app in runner")).toThrow(SelectorParseError);
    expect(() => parseLabelSelector("a=b=c")).toThrow(SelectorParseError);
  });
});

describe("field selectors", () => {
  const event = { metadata: { name: "e1", namespace: "arc" }, involvedObject: { kind: "Pod", name: "p,1", uid: "u1" }, count: 3 };

  it("matches dotted paths with =, == and !=; missing fields compare as empty", () => {
    expect(compileFieldSelector("involvedObject.kind=Pod,involvedObject.uid==u1")(event)).toBe(true);
    expect(compileFieldSelector("metadata.namespace!=arc")(event)).toBe(false);
    expect(compileFieldSelector("spec.nodeName=")(event)).toBe(true);
    expect(compileFieldSelector("count=3")(event)).toBe(true);
  });

  it("honours backslash-escaped commas in values", () => {
    expect(compileFieldSelector("involvedObject.name=p\\,1")(event)).toBe(true);
  });

  it("rejects a requirement without an operator", () => {
    expect(() => compileFieldSelector("metadata.name")).toThrow(SelectorParseError);
  });
});
