export * from "./fleet";
export * from "./snapshot";
export * from "./finding";
export * from "./job-routing";
