import { describe, expect, it } from 'vitest';
import { Response } from 'undici';
import { multipartFileBody } from '../../src/upload/multipartBody.js';

const bytes = Uint8Array.from({ length: 5000 }, (_, i) => (i * 37 + 11) % 256);

describe('multipartFileBody', () => {
  it('is read back by a standard multipart parser (undici) as the same file, name and type', async () => {
    const { contentType, body } = multipartFileBody(bytes, 'take 1.wav');
    const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
    const file = form.get('file') as File;
    expect(file.name).toBe('take 1.wav');
    expect(file.type).toBe('audio/wav');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes);
  });

  it('escapes quotes and line breaks in the filename so they cannot add header lines', async () => {
    const { contentType, body } = multipartFileBody(bytes, 'a"b\r\nX-Injected: 1.flac');
    const head = body.subarray(0, body.indexOf('\r\n\r\n')).toString('latin1');
    expect(head).toContain('filename="a%22b%0D%0AX-Injected: 1.flac"');
    expect(head.split('\r\n')).toHaveLength(3);
    const file = (await new Response(body, { headers: { 'content-type': contentType } }).formData()).get('file') as File;
    expect(file.type).toBe('audio/flac');
  });

  it('uses a new boundary for every body', () => {
    expect(multipartFileBody(bytes, 'x.wav').contentType).not.toBe(multipartFileBody(bytes, 'x.wav').contentType);
  });
});
