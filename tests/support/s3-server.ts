/**
 * A small S3-compatible object server on 127.0.0.1 for the document store's tests: path-style PUT and GET
 * of objects (`/<bucket>/<key>`), in memory. It refuses what S3 refuses for these two calls — a request
 * without a valid AWS Signature Version 4 for its credentials (403 SignatureDoesNotMatch), a body whose
 * SHA-256 is not the signed `x-amz-content-sha256` (400 XAmzContentSHA256Mismatch), an unknown bucket
 * (404 NoSuchBucket) — and answers 404 NoSuchKey for a missing object. The signature is recomputed with
 * lib/documents/s3.ts's signer, which tests/unit/s3-signing.test.ts pins to AWS's published example.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signS3Request } from '@/lib/documents/s3';

export interface S3TestServer {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Stored objects by key (without the bucket), with their content type. */
  objects: Map<string, { bytes: Buffer; contentType: string | undefined }>;
  /** Every request as `METHOD /path status`. */
  log: string[];
  /** The environment that points the app's document store here. */
  env: Record<string, string>;
  close(): Promise<void>;
}

function xmlError(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startS3TestServer(): Promise<S3TestServer> {
  const bucket = 'opsdesk-documents';
  const region = 'eu-central-1';
  const accessKeyId = 'AKIDOPSDESKTEST';
  const secretAccessKey = 'opsdesk/test/secret/key';
  const objects: S3TestServer['objects'] = new Map();
  const log: string[] = [];

  const server: Server = createServer(async (request, response) => {
    const answer = (status: number, body?: Buffer | string, headers: Record<string, string> = {}) => {
      log.push(`${request.method} ${request.url} ${status}`);
      response.writeHead(status, { 'content-type': 'application/xml', ...headers });
      response.end(body);
    };
    const body = await bodyOf(request);
    const authorization = request.headers.authorization ?? '';
    const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=[0-9a-f]{64}$/.exec(authorization);
    const amzDate = String(request.headers['x-amz-date'] ?? '');
    const payloadHash = String(request.headers['x-amz-content-sha256'] ?? '');
    if (!match || match[1] !== accessKeyId || match[3] !== region || !/^\d{8}T\d{6}Z$/.test(amzDate)) {
      return answer(403, xmlError('AccessDenied', 'Missing or foreign credentials'));
    }
    const signedNames = match[4].split(';');
    const extra: Record<string, string> = {};
    for (const name of signedNames) if (name !== 'host' && !name.startsWith('x-amz-')) extra[name] = String(request.headers[name] ?? '');
    const now = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
    const expected = signS3Request(
      { region, accessKeyId, secretAccessKey },
      { method: request.method ?? 'GET', url: `http://${request.headers.host}${request.url}`, headers: extra, payloadHash, now },
    );
    if (expected.headers.authorization !== authorization) return answer(403, xmlError('SignatureDoesNotMatch', 'The request signature does not match'));
    if (createHash('sha256').update(body).digest('hex') !== payloadHash) return answer(400, xmlError('XAmzContentSHA256Mismatch', 'The body does not match its hash'));

    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://s3.local').pathname);
    const [, bucketName, ...rest] = path.split('/');
    const key = rest.join('/');
    if (bucketName !== bucket) return answer(404, xmlError('NoSuchBucket', 'The specified bucket does not exist'));
    if (request.method === 'PUT') {
      objects.set(key, { bytes: body, contentType: request.headers['content-type'] });
      return answer(200, '', { etag: `"${createHash('md5').update(body).digest('hex')}"` });
    }
    if (request.method === 'GET') {
      const object = objects.get(key);
      if (!object) return answer(404, xmlError('NoSuchKey', 'The specified key does not exist'));
      return answer(200, object.bytes, { 'content-type': object.contentType ?? 'application/octet-stream' });
    }
    return answer(405, xmlError('MethodNotAllowed', 'Only PUT and GET'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    bucket,
    region,
    accessKeyId,
    secretAccessKey,
    objects,
    log,
    env: { S3_BUCKET: bucket, S3_REGION: region, S3_ENDPOINT: endpoint, S3_ACCESS_KEY_ID: accessKeyId, S3_SECRET_ACCESS_KEY: secretAccessKey, S3_PREFIX: 'letters/' },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // fetch keeps connections alive; the test must not wait for them
      }),
  };
}
