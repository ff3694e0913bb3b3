import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RT } from "./arc/resources";
import { startSimulation, type Simulation } from "./index";
import { SCENARIOS } from "./scenarios";

/**
 * Every ARC object the simulated fleet serves must be valid against the real CRD schema of its
 * ARC generation, so Runnerscope is tested against the shapes a real cluster returns.
 */

// ../shared sits beside the repository (locally and in CI)
const CRD_DIR = join(import.meta.dirname, "../../../shared/arc");
const KINDS = [
  { plural: "autoscalingrunnersets", type: RT.ars },
  { plural: "ephemeralrunnersets", type: RT.ers },
  { plural: "ephemeralrunners", type: RT.er },
  { plural: "autoscalinglisteners", type: RT.al },
] as const;

interface Crd {
  spec: { names: { kind: string }; versions: { name: string; schema: { openAPIV3Schema: Record<string, unknown> } }[] };
}

function compile(dir: string): Map<string, ValidateFunction> {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const f of ["int32", "int64", "byte"]) ajv.addFormat(f, true);
  const out = new Map<string, ValidateFunction>();
  for (const k of KINDS) {
    const crd = parse(readFileSync(join(CRD_DIR, dir, `actions.github.com_${k.plural}.yaml`), "utf8")) as Crd;
    const schema = crd.spec.versions[0]?.schema.openAPIV3Schema;
    if (!schema) throw new Error(`no schema in ${k.plural}`);
    out.set(k.plural, ajv.compile(schema));
  }
  return out;
}

describe("simulated ARC objects validate against the published CRDs", () => {
  let sim: Simulation;
  const schemas = { "0.13": compile("crds-0.13.1"), "0.14": compile("crds-0.14.2") };
  const all = SCENARIOS.map((s) => s.id);

  beforeAll(async () => {
    sim = await startSimulation({
      seed: 11,
      clock: { kind: "stepped", start: new Date("2026-11-22T12:00:00Z") },
      clusters: [
        { name: "v13", arc: "0.13", scenarios: all },
        { name: "v14", arc: "0.14", scenarios: all },
      ],
    });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it("every scenario on both generations, checked every 30 s for 3 virtual minutes", async () => {
    const checked: Record<string, number> = {};
    const errors: string[] = [];
    for (let step = 0; step < 6; step++) {
      await sim.clock.advance(30_000);
      for (const cluster of sim.clusters) {
        const validators = schemas[cluster.arc];
        for (const k of KINDS) {
          const validate = validators.get(k.plural);
          for (const obj of cluster.store.listShared(k.type)) {
            checked[k.plural] = (checked[k.plural] ?? 0) + 1;
            expect(obj.apiVersion).toBe("actions.github.com/v1alpha1");
            expect(typeof obj.kind).toBe("string");
            expect(obj.metadata.name).toBeTruthy();
            const valid = validate ? (validate as (data: unknown) => boolean)(obj) : false;
            if (!valid) errors.push(`${cluster.name} ${obj.kind} ${obj.metadata.name}: ${JSON.stringify(validate?.errors?.slice(0, 3))}`);
          }
        }
      }
    }
    expect(errors.slice(0, 5)).toEqual([]);
    for (const k of KINDS) expect(checked[k.plural]).toBeGreaterThan(20);
  });

  it("a wrong shape is rejected (the validators are not vacuous)", () => {
    const validate = schemas["0.14"].get("ephemeralrunners");
    expect(validate?.({ apiVersion: "actions.github.com/v1alpha1", kind: "EphemeralRunner", metadata: { name: "x" }, spec: { githubConfigUrl: "u" } })).toBe(false);
    const ars = schemas["0.13"].get("autoscalingrunnersets");
    expect(ars?.({ apiVersion: "actions.github.com/v1alpha1", kind: "AutoscalingRunnerSet", metadata: { name: "x" }, spec: { minRunners: "one" } })).toBe(false);
  });
});
