import { describe, expect, it } from "vitest";
import { eventsOf, findingsOf, generateFleet, generateLives, generateSamples, jobsOf, QUICK_FLEET, REFERENCE_FLEET, scaleFleet } from "./fleet";

const NOW = new Date("2026-11-22T12:00:00Z");
const HOUR = 3_600_000;

describe("the benchmark fleet", () => {
  it("has the reference shape: 3 clusters, 200 sets, 5,000 runners, a few faulty sets and a healthy focus set", () => {
    const f = generateFleet(REFERENCE_FLEET, { now: NOW });
    expect(f.clusters.map((c) => c.name)).toHaveLength(3);
    expect(f.sets).toHaveLength(200);
    expect(f.runners).toHaveLength(5000);
    expect(new Set(f.sets.map((s) => `${s.key.cluster}/${s.key.name}`)).size).toBe(200);
    expect(new Set(f.runners.map((r) => r.uid)).size).toBe(5000);
    expect(new Set(f.sets.map((s) => s.key.cluster)).size).toBe(3);
    const faulty = f.sets.filter((s) => s.fault);
    expect(faulty.length).toBeGreaterThanOrEqual(3);
    expect(faulty.length).toBeLessThan(20);
    expect(f.focus.fault).toBeUndefined();
    // every runner belongs to a generated set
    const names = new Set(f.sets.map((s) => `${s.key.cluster}/${s.key.name}`));
    expect(f.runners.every((r) => names.has(`${r.cluster}/${r.scaleSet}`))).toBe(true);
  });

  it("is deterministic for a seed", () => {
    const a = generateFleet(QUICK_FLEET, { now: NOW, seed: 3 });
    const b = generateFleet(QUICK_FLEET, { now: NOW, seed: 3 });
    expect(b.runners.map((r) => r.name)).toEqual(a.runners.map((r) => r.name));
    expect(generateFleet(QUICK_FLEET, { now: NOW, seed: 4 }).runners[0]?.name).not.toBe(a.runners[0]?.name);
  });

  it("creates 20,000 lives an hour across the reference fleet and ~5,000 a day in the focus set", () => {
    const f = generateFleet(REFERENCE_FLEET, { now: NOW });
    const hour = [...generateLives(f, { from: new Date(NOW.getTime() - HOUR), to: NOW })].flat();
    expect(hour.length).toBeGreaterThan(19_600);
    expect(hour.length).toBeLessThan(20_400);
    expect(new Set(hour.map((l) => l.uid)).size).toBe(hour.length);
    const focusDay = [...generateLives(f, { from: new Date(NOW.getTime() - 24 * HOUR), to: NOW, sets: [f.focus] })].flat();
    expect(focusDay.length).toBeGreaterThan(4900);
    expect(focusDay.length).toBeLessThan(5100);
    for (const l of hour) {
      if (l.finishedAt) expect(Date.parse(l.finishedAt)).toBeLessThan(NOW.getTime());
      else expect(l.outcome).toBe("running");
    }
  });

  it("runs ~50,000 jobs a day at the reference rates (checked on the quick fleet: 5,000)", () => {
    const f = generateFleet(QUICK_FLEET, { now: NOW });
    const lives = [...generateLives(f, { from: new Date(NOW.getTime() - 24 * HOUR), to: NOW, sets: f.sets.slice(1) })].flat();
    const jobs = jobsOf(f, lives);
    // the focus set's lives are left out here; the rest share the job rate
    expect(jobs.length).toBeGreaterThan(4000);
    expect(jobs.length).toBeLessThan(5200);
    expect(jobs.every((j) => j.runnerName && j.startedAt)).toBe(true);
    expect(eventsOf(lives)).toHaveLength(lives.length);
  });

  it("gives faulty sets lives that look like their fault, and findings naming them", () => {
    const f = generateFleet(REFERENCE_FLEET, { now: NOW });
    const jit = f.sets.find((s) => s.fault === "empty-jit-secret")!;
    const lives = [...generateLives(f, { from: new Date(NOW.getTime() - HOUR), to: NOW, sets: [jit] })].flat().filter((l) => l.outcome !== "running");
    expect(lives.length).toBeGreaterThan(0);
    for (const l of lives) {
      expect(l.outcome).toBe("no-job-exit");
      expect(Date.parse(l.finishedAt!) - Date.parse(l.startedAt!)).toBeLessThanOrEqual(2000);
    }
    const findings = findingsOf(f).findings;
    expect(findings.find((x) => x.subject.scaleSet === jit.key.name)?.ruleId).toBe("runner-jit-config-empty");
    expect(findings.some((x) => x.subject.scaleSet === f.focus.key.name)).toBe(true);
  });

  it("samples every 15 s per set", () => {
    const f = generateFleet(QUICK_FLEET, { now: NOW });
    const samples = [...generateSamples(f, { from: new Date(NOW.getTime() - HOUR), to: NOW, sets: f.sets.slice(0, 2) })].flat();
    expect(samples).toHaveLength(2 * 240);
  });

  it("scales runners, lives and jobs with the number of sets", () => {
    const s = scaleFleet(REFERENCE_FLEET, 800);
    expect(s).toMatchObject({ scaleSets: 800, runners: 20_000, livesPerHour: 80_000, jobsPerDay: 200_000, clusters: 3 });
  });
});
