import { Readable } from 'node:stream';
import { request } from 'undici';

export const FIELD_BOUNDARY = '----voicegate-test-boundary-7MA4YWxkTrZu0gW';

/** A multipart/form-data body by hand, so tests control every byte (undici's FormData picks its own boundary). */
export function multipartBody(parts: { name: string; filename?: string; data: Buffer | string }[], boundary = FIELD_BOUNDARY): Buffer {
  const pieces: Buffer[] = [];
  for (const part of parts) {
    const filename = part.filename === undefined ? '' : `; filename="${part.filename}"`;
    const type = part.filename === undefined ? '' : '\r\nContent-Type: application/octet-stream';
    pieces.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${filename}${type}\r\n\r\n`));
    pieces.push(Buffer.isBuffer(part.data) ? part.data : Buffer.from(part.data));
    pieces.push(Buffer.from('\r\n'));
  }
  pieces.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(pieces);
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

export async function postFile(
  url: string,
  file: Buffer,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return post(url, multipartBody([{ name: 'file', filename: 'clip.wav', data: file }]), {
    'content-type': `multipart/form-data; boundary=${FIELD_BOUNDARY}`,
    ...headers,
  });
}

export async function post(url: string, body: Buffer | AsyncIterable<Buffer>, headers: Record<string, string>): Promise<Answer> {
  const res = await request(`${url}/v1/audio/embedding`, { method: 'POST', body: Buffer.isBuffer(body) ? body : Readable.from(body), headers });
  const text = await res.body.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, text, json };
}
