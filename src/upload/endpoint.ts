import { UploadError } from './errors.js';

export interface Endpoint {
  /** `https://host:port`, what the undici Pool connects to. */
  origin: string;
  /** Path of the embedding call under the base URL, e.g. `/v1/audio/embedding`. */
  path: string;
  /** Base URL as reported and used in journal keys: no credentials, no query, no trailing slash. */
  base: string;
}

const EMBEDDING_PATH = '/v1/audio/embedding';

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Parses the base URL given by `--endpoint`. Plain http is refused for any host that is not loopback (the
 * key would travel in clear) unless `allowInsecure`, which still warns.
 */
export function parseEndpoint(text: string, options: { allowInsecure?: boolean; onWarning?: (message: string) => void } = {}): Endpoint {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UploadError('UPLOAD_CONFIG', `Expected the endpoint to be a URL like "https://api.example.com", got "${text}"`);
  }
  // Credentials or a query could be a key; they are refused, and not echoed back.
  if (url.username || url.password) throw new UploadError('UPLOAD_CONFIG', 'Expected the endpoint without user:password in it; pass the API key with VOICEGATE_API_KEY or --api-key-file');
  if (url.search || url.hash) throw new UploadError('UPLOAD_CONFIG', 'Expected the endpoint to be a base URL without a query string or fragment');
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UploadError('UPLOAD_CONFIG', `Expected an https:// endpoint, got the ${url.protocol} scheme`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    if (!options.allowInsecure) {
      throw new UploadError('UPLOAD_CONFIG', `Expected an https:// endpoint for ${url.hostname}: plain http would send the API key unencrypted (use --allow-insecure to override)`);
    }
    options.onWarning?.(`Sending the API key to ${url.host} over plain http (--allow-insecure)`);
  }
  const basePath = url.pathname.replace(/\/+$/, '');
  return { origin: url.origin, path: `${basePath}${EMBEDDING_PATH}`, base: `${url.origin}${basePath}` };
}
