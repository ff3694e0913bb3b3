/**
 * Realistic secret samples (all fake) and benign text, shared by the redaction tests and by
 * security tests elsewhere: none of `SECRET_SAMPLES[].secret` may survive `redact`, and every
 * `BENIGN_SAMPLES` line must come out unchanged.
 */

export interface SecretSample {
  name: string;
  /** Text as it would appear in a paste or log. */
  text: string;
  /** The part that must never survive redaction. */
  secret: string;
}

const b64 = (n: number, seed = "Q"): string => {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  let out = "";
  for (let i = 0; i < n; i++) out += alphabet[(i * 7 + seed.charCodeAt(0)) % 64];
  return out;
};

const JIT = `eyJ${b64(400, "J")}==`;
const PEM_BODY = [b64(64, "a"), b64(64, "b"), b64(64, "c"), b64(40, "d")];
const PEM = `-----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY.join("\n")}\n-----END RSA PRIVATE KEY-----`;
const JWT = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiIxMjM0NTYiLCJpYXQiOjE3NzI0MDAwMDB9.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU";
const GHP = "ghp_R4nd0mT0k3nV4lu3F0rT3st1ng0nlyAbCdEf";
const GHS = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";
const PAT = "github_pat_11ABCDEFG0abcdefghijkl_mnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ab";

export const SECRET_SAMPLES: SecretSample[] = [
  { name: "jit env assignment", text: `ACTIONS_RUNNER_INPUT_JITCONFIG=${JIT}`, secret: JIT.slice(0, 40) },
  { name: "jit env in pod JSON", text: `{"name":"ACTIONS_RUNNER_INPUT_JITCONFIG","value":"${JIT}"}`, secret: JIT.slice(0, 40) },
  { name: "jit env in pod YAML", text: `    - name: ACTIONS_RUNNER_INPUT_JITCONFIG\n      value: ${JIT}`, secret: JIT.slice(0, 40) },
  { name: "jitToken JSON", text: `{"jitToken": "${JIT}", "runnerName": "web-abcde-runner-fghij"}`, secret: JIT.slice(0, 40) },
  { name: "jitToken secret data YAML", text: `data:\n  jitToken: ${b64(200, "z")}`, secret: b64(200, "z").slice(0, 40) },
  { name: "runnerJITConfig status", text: `status:\n  runnerJITConfig: ${b64(300, "r")}`, secret: b64(300, "r").slice(0, 40) },
  { name: "encoded_jit_config API", text: `{"runner":{"id":30},"encoded_jit_config":"${b64(250, "e")}"}`, secret: b64(250, "e").slice(0, 40) },
  { name: "bare base64 JIT blob", text: `runner started with config ${JIT}`, secret: JIT.slice(0, 40) },
  { name: "classic PAT", text: `export GITHUB_TOKEN=${GHP}`, secret: GHP },
  { name: "oauth token", text: "token gho_16C7e42F292c6912E7710c838347Ae178B4a in use", secret: "gho_16C7e42F292c6912E7710c838347Ae178B4a" },
  { name: "user-to-server", text: "ghu_16C7e42F292c6912E7710c838347Ae178B4a", secret: "ghu_16C7e42F292c6912E7710c838347Ae178B4a" },
  { name: "installation token", text: `"token": "${GHS}"`, secret: GHS },
  { name: "refresh token", text: "refresh=ghr_1B4a2e77838347a7E420ce178F2E7c6912E169246c34E1ccbF66C46812d16D5B1A9Dc86A1498", secret: "ghr_1B4a2e77838347a7E420ce178F2E7c6912E169246c34E1ccbF66C46812d16D5B1A9Dc86A1498" },
  { name: "fine-grained PAT", text: `github_token: ${PAT}`, secret: PAT },
  { name: "bearer header", text: `Authorization: Bearer ${JWT}`, secret: JWT.slice(0, 30) },
  { name: "token header", text: "authorization: token 0123456789abcdef0123456789abcdef01234567", secret: "0123456789abcdef0123456789abcdef01234567" },
  { name: "basic header JSON", text: `{"Authorization":"Basic dXNlcjpwYXNzd29yZDEyMzQ="}`, secret: "dXNlcjpwYXNzd29yZDEyMzQ=" },
  { name: "git credential URL", text: "https://x-access-token:v1.abcdef0123456789abcdef0123456789@github.com/acme/web.git", secret: "v1.abcdef0123456789abcdef0123456789" },
  { name: "PEM private key", text: `github_app_private_key: |\n${PEM}`, secret: PEM_BODY[1] ?? "" },
  { name: "PEM in JSON string", text: `{"private_key":"${PEM.replaceAll("\n", "\\n")}"}`, secret: PEM_BODY[2] ?? "" },
  { name: "truncated PEM", text: `-----BEGIN PRIVATE KEY-----\n${PEM_BODY[0]}\n${PEM_BODY[1]}\n`, secret: PEM_BODY[1] ?? "" },
  { name: "password query param", text: "GET https://proxy.internal/api?user=bot&password=hunter2hunter2&x=1", secret: "hunter2hunter2" },
  { name: "token query param", text: "https://api.github.com/repos/acme/web?token=abc123def456ghi789", secret: "abc123def456ghi789" },
  { name: "secret key=value", text: "level=INFO msg=config secret=s3cr3tV4lu3!", secret: "s3cr3tV4lu3!" },
  { name: "raw JWT", text: `assertion ${JWT} expired`, secret: JWT.slice(40) },
];

/** Ordinary evidence that must pass through untouched. */
export const BENIGN_SAMPLES: string[] = [
  "2026-03-01T04:00:00.123456789Z stdout F VssOAuthTokenRequestException: Registration 3f2504e0-4f89-41d3-9a0c-0305e82c3301 was not found.",
  '2025-12-01T20:44:38Z\tINFO\tEphemeralRunner\tCreated ephemeral runner pod\t{"ephemeralrunner": {"name":"rubionic-workspace-3-b28w7-runner-4xk2p","namespace":"arc-runners"}, "runnerScaleSetId": 1, "runnerName": "rubionic-workspace-3-b28w7-runner-4xk2p", "runnerId": 30, "configUrl": "https://github.com/rkoster/deskrun", "podName": "rubionic-workspace-3-b28w7-runner-4xk2p"}',
  "  ACTIONS_RUNNER_INPUT_JITCONFIG:  <set to the key 'jitToken' in secret 'rubionic-workspace-3-b28w7-runner-4xk2p'>  Optional: false",
  'time=2026-04-01T10:00:00.000Z level=INFO source=/src/scaler.go:120 msg="Calculated target runner count" component=worker "assigned job"=3 decision=4 min=1 max=10',
  "test-runner-vltwc-runner-2jgtl          1/1     Running  7m34s",
  'Warning  Failed  3m (x4 over 5m)  kubelet  Failed to pull image "ghcr.io/actions/gha-runner-scale-set-controller:0.13.1": 403 Forbidden',
  "githubConfigSecret: arc-github-secret",
  "jitToken:    1520 bytes",
  "failed to get runner registration token (403 Forbidden): API rate limit exceeded for user ID 1234567.",
  "Error: Pod test-runner-xxx-workflow is unhealthy with phase status Failed: {}",
  "pod-template-hash=6cd58d58 uid=7c9e6679-7425-40de-944b-e07fc1f90ae7 tokens=12",
];
