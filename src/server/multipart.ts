/**
 * A small streaming multipart/form-data parser (RFC 7578 / RFC 2046). It holds at most one delimiter's
 * length of a part's data (plus one part's header block, capped at MAX_HEADER_BYTES) between writes, so
 * memory does not grow with the size of the parts: the caller decides where the data goes.
 */
export type MultipartEvent =
  | { type: 'part'; headers: Record<string, string> }
  | { type: 'data'; data: Buffer }
  | { type: 'partEnd' };

export class MultipartError extends Error {
  override readonly name = 'MultipartError';
}

const MAX_HEADER_BYTES = 16 * 1024;
const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
const EMPTY = Buffer.alloc(0);

/** The boundary of a `multipart/form-data` Content-Type, or null when the type is something else. */
export function multipartBoundary(contentType: string | undefined): string | null {
  if (!contentType || !/^\s*multipart\/form-data\s*(;|$)/i.test(contentType)) return null;
  const match = /;\s*boundary\s*=\s*(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType);
  return match ? (match[1] ?? match[2]!) : null;
}

/** The parameters of a `Content-Disposition: form-data; name="…"; filename="…"` header, names lowercased. */
export function dispositionParams(value: string): Record<string, string> {
  const params: Record<string, string> = {};
  const pattern = /;\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (const match of value.matchAll(pattern)) {
    params[match[1]!.toLowerCase()] = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3]!.trim();
  }
  return params;
}

function parseHeaders(block: Buffer): Record<string, string> {
  const headers: Record<string, string> = {};
  if (block.length === 0) return headers;
  for (const line of block.toString('utf8').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MultipartError(`Expected a part header "Name: value", got ${JSON.stringify(line.slice(0, 80))}`);
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

export class MultipartParser {
  private state: 'preamble' | 'afterDelimiter' | 'headers' | 'body' | 'epilogue' = 'preamble';
  /** Unparsed bytes. Starts with a CRLF so the first delimiter (which has none before it) matches like the others. */
  private pending: Buffer = CRLF;
  private readonly delimiter: Buffer;

  constructor(boundary: string) {
    if (boundary.length < 1 || boundary.length > 70) throw new MultipartError(`Expected a boundary of 1 to 70 characters, got ${boundary.length}`);
    this.delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
  }

  get finished(): boolean {
    return this.state === 'epilogue';
  }

  write(chunk: Buffer): MultipartEvent[] {
    if (this.state === 'epilogue') return [];
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const events: MultipartEvent[] = [];
    while (this.step(events));
    return events;
  }

  /** Call when the body ended: throws if the closing delimiter never came. */
  end(): void {
    if (this.state !== 'epilogue') throw new MultipartError('Expected the closing boundary before the body ended');
  }

  /** Consumes what it can from `pending`; false when it needs more bytes. */
  private step(events: MultipartEvent[]): boolean {
    const { delimiter } = this;
    const data = this.pending;
    switch (this.state) {
      case 'preamble': {
        const at = data.indexOf(delimiter);
        if (at < 0) {
          this.pending = data.subarray(Math.max(0, data.length - (delimiter.length - 1)));
          return false;
        }
        this.pending = data.subarray(at + delimiter.length);
        this.state = 'afterDelimiter';
        return true;
      }
      case 'afterDelimiter': {
        if (data.length < 2) return false;
        if (data[0] === 0x2d && data[1] === 0x2d) {
          this.state = 'epilogue';
          this.pending = EMPTY;
          return false;
        }
        const eol = data.indexOf(CRLF);
        if (eol < 0 && data.length <= 256) return false;
        // RFC 2046 allows transport padding (spaces, tabs) between the boundary and its CRLF.
        if (eol < 0 || !/^[ \t]*$/.test(data.toString('latin1', 0, eol))) {
          throw new MultipartError('Expected CRLF or "--" after a boundary');
        }
        this.pending = data.subarray(eol + 2);
        this.state = 'headers';
        return true;
      }
      case 'headers': {
        const noHeaders = data.length >= 2 && data[0] === 0x0d && data[1] === 0x0a;
        const end = noHeaders ? 0 : data.indexOf(HEADER_END);
        if (end < 0) {
          if (data.length > MAX_HEADER_BYTES) throw new MultipartError(`Expected a part's headers to end within ${MAX_HEADER_BYTES} bytes`);
          return false;
        }
        events.push({ type: 'part', headers: parseHeaders(data.subarray(0, end)) });
        this.pending = data.subarray(noHeaders ? 2 : end + HEADER_END.length);
        this.state = 'body';
        return true;
      }
      case 'body': {
        const at = data.indexOf(delimiter);
        if (at < 0) {
          // Keep what could be the start of a delimiter split across writes.
          const emit = data.length - Math.min(data.length, delimiter.length - 1);
          if (emit > 0) events.push({ type: 'data', data: data.subarray(0, emit) });
          this.pending = data.subarray(emit);
          return false;
        }
        if (at > 0) events.push({ type: 'data', data: data.subarray(0, at) });
        events.push({ type: 'partEnd' });
        this.pending = data.subarray(at + delimiter.length);
        this.state = 'afterDelimiter';
        return true;
      }
      case 'epilogue':
        return false;
    }
  }
}
