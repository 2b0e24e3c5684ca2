import { describe, expect, test } from 'vitest';
import { MultipartError, MultipartParser, dispositionParams, multipartBoundary, type MultipartEvent } from '../../src/server/multipart.js';
import { multipartBody } from './client.js';

interface Part {
  headers: Record<string, string>;
  data: Buffer;
}

/** Feeds `body` cut at the given offsets and collects the parts. */
function parse(body: Buffer, boundary: string, cuts: number[] = []): Part[] {
  const parser = new MultipartParser(boundary);
  const parts: Part[] = [];
  const chunks: Buffer[] = [];
  let start = 0;
  for (const cut of [...cuts, body.length]) {
    chunks.push(body.subarray(start, cut));
    start = cut;
  }
  const pieces: Buffer[][] = [];
  const apply = (event: MultipartEvent): void => {
    if (event.type === 'part') {
      parts.push({ headers: event.headers, data: Buffer.alloc(0) });
      pieces.push([]);
    } else if (event.type === 'data') pieces.at(-1)!.push(Buffer.from(event.data));
    else parts.at(-1)!.data = Buffer.concat(pieces.at(-1)!);
  };
  for (const chunk of chunks) parser.write(chunk).forEach(apply);
  parser.end();
  return parts;
}

const BOUNDARY = 'xYzZY';

/** Binary data full of what a naive parser trips on: CRLFs, dashes, a boundary without its leading CRLF. */
const TRICKY = Buffer.concat([
  Buffer.from([0, 13, 10, 13, 10, 45, 45, 255, 13]),
  Buffer.from(`--${BOUNDARY}\r\n--${BOUNDARY.slice(0, 3)}\r\n\r`),
  Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37) % 256)),
  Buffer.from('\r\n-'),
]);

describe('multipart parser', () => {
  const body = multipartBody(
    [
      { name: 'note', data: 'hello' },
      { name: 'file', filename: 'take 1.wav', data: TRICKY },
    ],
    BOUNDARY,
  );

  test('reads every part whole in one write', () => {
    const parts = parse(body, BOUNDARY);
    expect(parts.map((p) => dispositionParams(p.headers['content-disposition']!).name)).toEqual(['note', 'file']);
    expect(parts[0]!.data.toString()).toBe('hello');
    expect(parts[1]!.data.equals(TRICKY)).toBe(true);
  });

  test('gives the same parts however the body is cut, including inside a boundary', () => {
    for (let cut = 1; cut < body.length; cut++) {
      const parts = parse(body, BOUNDARY, [cut]);
      expect(parts[1]!.data.equals(TRICKY), `cut at ${cut}`).toBe(true);
    }
    const byteByByte = Array.from({ length: body.length - 1 }, (_, i) => i + 1);
    expect(parse(body, BOUNDARY, byteByByte)[1]!.data.equals(TRICKY)).toBe(true);
  });

  test('skips a preamble and an epilogue, allows padding after a boundary and a part with no headers', () => {
    const raw = Buffer.from(`preamble text\r\n--${BOUNDARY}  \t\r\n\r\nno headers\r\n--${BOUNDARY}--\r\nepilogue`);
    const parts = parse(raw, BOUNDARY);
    expect(parts).toHaveLength(1);
    expect(parts[0]!.headers).toEqual({});
    expect(parts[0]!.data.toString()).toBe('no headers');
  });

  test('an empty part body is an empty file', () => {
    const parts = parse(multipartBody([{ name: 'file', filename: 'x', data: '' }], BOUNDARY), BOUNDARY);
    expect(parts[0]!.data.length).toBe(0);
  });

  test.each([
    ['no closing boundary', `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc`],
    ['no boundary at all', 'just some text'],
    ['junk after a boundary', `--${BOUNDARY}junk\r\n\r\nabc\r\n--${BOUNDARY}--`],
    ['a header line without a colon', `--${BOUNDARY}\r\nnot a header\r\n\r\nabc\r\n--${BOUNDARY}--`],
  ])('refuses %s', (_, raw) => {
    expect(() => parse(Buffer.from(raw), BOUNDARY)).toThrow(MultipartError);
  });

  test('refuses a header block that never ends instead of buffering it', () => {
    const parser = new MultipartParser(BOUNDARY);
    parser.write(Buffer.from(`--${BOUNDARY}\r\nX: `));
    expect(() => parser.write(Buffer.alloc(64 * 1024, 0x61))).toThrow(/headers to end within/);
  });
});

describe('Content-Type and Content-Disposition', () => {
  test.each([
    ['multipart/form-data; boundary=abc', 'abc'],
    ['multipart/form-data; boundary="a b;c"', 'a b;c'],
    ['Multipart/Form-Data;charset=utf-8;BOUNDARY=----x', '----x'],
    ['multipart/form-data', null],
    ['application/json', null],
    ['multipart/mixed; boundary=abc', null],
    [undefined, null],
  ])('%s → boundary %s', (header, expected) => {
    expect(multipartBoundary(header)).toBe(expected);
  });

  test('reads quoted and bare parameters', () => {
    expect(dispositionParams('form-data; name=file; filename="a \\"b\\"; c.wav"')).toEqual({ name: 'file', filename: 'a "b"; c.wav' });
  });
});
