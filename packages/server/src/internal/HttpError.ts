/** An error whose message is safe and useful to send to the client, with its status. */
export class HttpError extends Error {
  readonly statusCode: number;
  /** Headers to answer with (`Retry-After`, …). */
  readonly headers: Record<string, string>;

  constructor(statusCode: number, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.statusCode = statusCode;
    this.headers = headers;
  }
}
