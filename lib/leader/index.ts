export { startLeaderElection, type LeaderElection, type LeaderElectionOptions } from "./leader-election";
