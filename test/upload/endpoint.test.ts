import { describe, expect, test, vi } from 'vitest';
import { isLoopbackHost, parseEndpoint } from '../../src/upload/endpoint.js';

describe('isLoopbackHost', () => {
  test.each(['localhost', 'LOCALHOST', 'api.localhost', '127.0.0.1', '127.1.2.3', '[::1]', '::1'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });
  test.each(['example.com', '10.0.0.1', '128.0.0.1', '127.0.0.1.example.com', 'localhost.example.com', '[::2]', '0.0.0.0'])('%s is not', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});

describe('parseEndpoint', () => {
  test.each([
    ['https://api.example.com', 'https://api.example.com', '/v1/audio/embedding', 'https://api.example.com'],
    ['https://api.example.com/', 'https://api.example.com', '/v1/audio/embedding', 'https://api.example.com'],
    ['https://gw.example.com/voice/', 'https://gw.example.com', '/voice/v1/audio/embedding', 'https://gw.example.com/voice'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080', '/v1/audio/embedding', 'http://127.0.0.1:8080'],
    ['http://[::1]:9', 'http://[::1]:9', '/v1/audio/embedding', 'http://[::1]:9'],
  ])('%s', (text, origin, path, base) => {
    expect(parseEndpoint(text)).toEqual({ origin, path, base });
  });

  test('refuses plain http to a non-loopback host, naming the host and the override', () => {
    expect(() => parseEndpoint('http://api.example.com')).toThrow(/https:\/\/ endpoint for api\.example\.com.*--allow-insecure/);
  });

  test('allowInsecure lets it through with a warning', () => {
    const onWarning = vi.fn();
    expect(parseEndpoint('http://api.example.com', { allowInsecure: true, onWarning }).origin).toBe('http://api.example.com');
    expect(onWarning).toHaveBeenCalledOnce();
    expect(onWarning.mock.calls[0]![0]).toContain('plain http');
  });

  test.each([
    ['https://user:s3cret-pass@api.example.com', /without user:password/],
    ['https://api.example.com/?key=s3cret-pass', /without a query string/],
    ['ftp://api.example.com', /ftp: scheme/],
    ['api.example.com', /Expected the endpoint to be a URL/],
  ])('refuses %s without echoing a secret', (text, message) => {
    let error: Error | undefined;
    try {
      parseEndpoint(text);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(message);
    expect(`${error?.message}${error?.stack}`).not.toContain('s3cret-pass');
  });
});
