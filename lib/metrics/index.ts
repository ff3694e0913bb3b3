export { createRunnerscopeMetrics, getMetrics, setCollectorLag, type RunnerscopeMetrics } from "./registry";
export { applyOverview, renderMetrics } from "./render";
