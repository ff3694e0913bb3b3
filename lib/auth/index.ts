export { authorize, isProbe, isViewerAllowed, VIEWER_COOKIE, type AuthRequest, type AuthResult, type Principal } from "./authorize";
export { getAuthConfig, loadAuthConfig, type AuthConfig } from "./config";
export { matchViewerToken, parseViewerTokens, sha256, type ViewerToken } from "./viewer-tokens";
