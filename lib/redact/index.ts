export { redact, redactValue, type RedactionKind } from "./redact";
export { SECRET_SAMPLES, BENIGN_SAMPLES, type SecretSample } from "./corpus";
