/** The S3 document store signs with AWS Signature Version 4: checked against AWS's own published example. */
import { describe, expect, it } from 'vitest';
import { signS3Request } from '@/lib/documents/s3';
import { normaliseVerificationCode, newVerificationCode } from '@/lib/documents/codes';
import { fillPlaceholders, placeholderErrors } from '@/lib/documents/placeholders';

describe('document helpers', () => {
  it('signs GET /test.txt exactly as the AWS S3 SigV4 documentation example', () => {
    const signed = signS3Request(
      { region: 'us-east-1', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
      { method: 'GET', url: 'https://examplebucket.s3.amazonaws.com/test.txt', headers: { range: 'bytes=0-9' }, payloadHash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', now: new Date('2013-05-24T00:00:00Z') },
    );
    expect(signed.headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });

  it('makes 100-bit codes in groups of five and reads them back however they are typed', () => {
    const code = newVerificationCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/);
    expect(normaliseVerificationCode(` ${code.toLowerCase().replace(/-/g, ' ')} `)).toBe(code);
    expect(normaliseVerificationCode('0O1IL-00000-00000-00000')).toBe('00111-00000-00000-00000');
    expect(normaliseVerificationCode('too-short')).toBeNull();
    expect(new Set(Array.from({ length: 200 }, newVerificationCode)).size).toBe(200);
  });

  it('fills known placeholders and names unknown ones', () => {
    expect(placeholderErrors('body', 'Hi {{ person.name }}, {{today}}')).toEqual([]);
    expect(placeholderErrors('body', 'Hi {{person.nmae}}')[0].message).toContain('{{person.nmae}}');
    expect(placeholderErrors('title', 'Hi {person.name}}')[0].message).toContain('not closed');
    const values = { 'person.name': 'Zoë', 'person.title': '', 'person.started_on': '', 'person.email': '', 'tenant.name': 'Acme', 'tenant.address': '', 'request.description': '', today: '1 May 2026', 'signer.name': '', 'signer.title': '' };
    expect(fillPlaceholders('{{person.name}} at {{ tenant.name }} on {{today}}', values)).toBe('Zoë at Acme on 1 May 2026');
  });
});
