/** An API failure with a stable code: thrown by route handlers on the server, rebuilt from `{error:{code,message}}` in the browser. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}
