import type { Rule } from "../rule";
import { runnerRules } from "./runner-rules";
import { queueAndControlPlaneRules } from "./queue-and-control-plane";

/** Every diagnosis rule, in registration order. */
export const allRules: Rule[] = [...runnerRules, ...queueAndControlPlaneRules];
