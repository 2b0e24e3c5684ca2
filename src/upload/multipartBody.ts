import { randomBytes } from 'node:crypto';

const CONTENT_TYPES: Record<string, string> = { wav: 'audio/wav', mp3: 'audio/mpeg', flac: 'audio/flac', ogg: 'audio/ogg', m4a: 'audio/mp4' };

export interface MultipartBody {
  contentType: string;
  body: Buffer;
}

/**
 * The request body of one clip as multipart/form-data with a single `file` field (RFC 7578), built as one
 * buffer. undici's FormData streamed the same bytes through web streams, which cost the client more CPU per
 * upload than the rest of the request. The filename is escaped as the WHATWG HTML standard does (" CR LF
 * percent-encoded); the boundary is 24 random bytes, so it cannot be expected to occur in the audio.
 */
export function multipartFileBody(bytes: Uint8Array, fileName: string): MultipartBody {
  const boundary = `voicegate-${randomBytes(24).toString('hex')}`;
  const extension = fileName.split('.').pop()?.toLowerCase() ?? '';
  const escapedName = fileName.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const head =
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="file"; filename="${escapedName}"\r\n` +
    `Content-Type: ${CONTENT_TYPES[extension] ?? 'application/octet-stream'}\r\n\r\n`;
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: Buffer.concat([Buffer.from(head, 'utf8'), bytes, Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1')]),
  };
}
