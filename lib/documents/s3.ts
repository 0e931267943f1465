/**
 * An S3-compatible document store (AWS S3, MinIO, Cloudflare R2, Ceph…) over fetch with AWS Signature
 * Version 4, written here rather than pulling in the AWS SDK for two calls (PUT and GET of one object).
 *
 * Configuration: S3_BUCKET (switches it on), S3_REGION (default us-east-1), S3_ENDPOINT (default
 * https://s3.<region>.amazonaws.com; set it for MinIO/R2), S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY,
 * S3_PREFIX (default `documents/`). Requests use path-style URLs (`<endpoint>/<bucket>/<key>`), which
 * every S3-compatible store accepts.
 */
import { createHash, createHmac } from 'node:crypto';
import type { DocumentStore } from './storage';

export interface S3Config {
  bucket: string;
  region: string;
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  prefix: string;
}

export function s3ConfigFromEnv(env: NodeJS.ProcessEnv): S3Config | null {
  const bucket = env.S3_BUCKET?.trim();
  if (!bucket) return null;
  const region = env.S3_REGION?.trim() || 'us-east-1';
  const accessKeyId = env.S3_ACCESS_KEY_ID?.trim() ?? '';
  const secretAccessKey = env.S3_SECRET_ACCESS_KEY?.trim() ?? '';
  if (!accessKeyId || !secretAccessKey) throw new Error('S3_BUCKET is set: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are required too.');
  return {
    bucket,
    region,
    endpoint: (env.S3_ENDPOINT?.trim() || `https://s3.${region}.amazonaws.com`).replace(/\/+$/, ''),
    accessKeyId,
    secretAccessKey,
    prefix: env.S3_PREFIX?.trim() ?? 'documents/',
  };
}

const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding of one path segment, as SigV4 wants it. */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export interface SignedRequest {
  url: string;
  headers: Record<string, string>;
}

/**
 * Signs a request (SigV4, service s3, payload hash in x-amz-content-sha256). `headers` may add headers to
 * sign (e.g. content-type, range); host and the x-amz-* headers are added here.
 */
export function signS3Request(
  config: Pick<S3Config, 'region' | 'accessKeyId' | 'secretAccessKey'>,
  request: { method: string; url: string; headers?: Record<string, string>; payloadHash: string; now: Date },
): SignedRequest {
  const url = new URL(request.url);
  const amzDate = request.now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value.trim();
  headers.host = url.host;
  headers['x-amz-content-sha256'] = request.payloadHash;
  headers['x-amz-date'] = amzDate;
  const names = Object.keys(headers).sort();
  const canonicalQuery = [...url.searchParams.entries()]
    .map(([k, v]) => [encodeSegment(k), encodeSegment(v)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonical = [
    request.method,
    url.pathname.split('/').map((s) => encodeSegment(decodeURIComponent(s))).join('/'),
    canonicalQuery,
    names.map((n) => `${n}:${headers[n]}\n`).join(''),
    names.join(';'),
    request.payloadHash,
  ].join('\n');
  const scope = `${day}/${config.region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${config.secretAccessKey}`, day), config.region), 's3'), 'aws4_request');
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${config.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  delete headers.host; // fetch sets it from the URL
  return { url: url.toString(), headers };
}

export function s3Store(config: S3Config, fetchImpl: typeof fetch = fetch): DocumentStore {
  const objectUrl = (key: string) => `${config.endpoint}/${encodeSegment(config.bucket)}/${`${config.prefix}${key}`.split('/').map(encodeSegment).join('/')}`;
  return {
    kind: 's3',
    async put(_db, key, bytes, contentType) {
      const signed = signS3Request(config, { method: 'PUT', url: objectUrl(key), headers: { 'content-type': contentType }, payloadHash: sha256Hex(bytes), now: new Date() });
      const response = await fetchImpl(signed.url, { method: 'PUT', headers: signed.headers, body: Buffer.from(bytes) });
      if (!response.ok) throw new Error(`S3 PUT ${key} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
    },
    async get(_db, key) {
      const signed = signS3Request(config, { method: 'GET', url: objectUrl(key), payloadHash: sha256Hex(''), now: new Date() });
      const response = await fetchImpl(signed.url, { method: 'GET', headers: signed.headers });
      if (response.status === 404) return null;
      if (!response.ok) throw new Error(`S3 GET ${key} answered ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}
