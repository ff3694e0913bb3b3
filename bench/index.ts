import { apiBench } from "./api";
import { collectorBench } from "./collector";
import { diagnosisBench } from "./diagnosis";
import { diagnosisRoundBench } from "./diagnosis-round";
import { growthBench } from "./growth";
import { kubectlBench } from "./kubectl";
import { loadBench } from "./load";
import { memoryBench } from "./memory";
import { sseBench } from "./sse";
import { sseSoakBench } from "./sse-soak";
import { uiBench } from "./ui";
import type { Benchmark } from "./types";

/** Every benchmark, in the order `npm run bench` runs them. */
export const benchmarks: Benchmark[] = [collectorBench, apiBench, uiBench, memoryBench, diagnosisBench, diagnosisRoundBench, sseBench, kubectlBench, growthBench, loadBench, { ...sseSoakBench, explicit: true }];
