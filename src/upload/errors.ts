/**
 * Why a clip did not get an embedding. Every failed or refused result carries one of these codes.
 * UPLOAD_READ_FAILED and UPLOAD_ABORTED extend the brief's list: an unreadable or changed file and an
 * interrupted run are neither the server's fault nor the clip's.
 */
export type UploadErrorCode =
  | 'UPLOAD_HTTP_STATUS'
  | 'UPLOAD_TIMEOUT'
  | 'UPLOAD_NETWORK'
  | 'UPLOAD_BAD_RESPONSE'
  | 'UPLOAD_TOO_LONG'
  | 'UPLOAD_REJECTED_CLIP'
  | 'UPLOAD_READ_FAILED'
  | 'UPLOAD_ABORTED';

/** Thrown (not returned per clip): bad options, or a journal that cannot be trusted or written. */
export type UploadFatalCode = 'UPLOAD_CONFIG' | 'UPLOAD_JOURNAL';

export interface UploadFailure {
  code: UploadErrorCode;
  message: string;
}

/**
 * Carries a stable code and a message that was already redacted. Deliberately has no `cause`: undici errors
 * can hold request options (headers included), so only their code and a sanitised message are copied.
 */
export class UploadError extends Error {
  readonly code: UploadErrorCode | UploadFatalCode;

  constructor(code: UploadErrorCode | UploadFatalCode, message: string) {
    super(message);
    this.name = 'UploadError';
    this.code = code;
  }
}

/**
 * Replaces the API key wherever it could show up in text: verbatim, URL-encoded (a query string or a
 * percent-encoded message) and base64 (a Basic auth header echoed back by a proxy).
 */
export function createRedactor(secret: string | null): (text: string) => string {
  if (!secret) return (text) => text;
  const forms = [...new Set([secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')])];
  return (text) => forms.reduce((out, form) => out.split(form).join('[redacted]'), text);
}
