/** An answer the server gives instead of an embedding: status, stable code, and a message saying what was expected. */
export class HttpError extends Error {
  override readonly name = 'HttpError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
