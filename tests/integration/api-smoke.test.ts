import { beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api';
import { testDatabase } from '../support/database';
import { createTestTenant, type TestTenant } from '../support/tenant';

let t: TestTenant;

beforeAll(async () => {
  const { db } = await testDatabase();
  t = await createTestTenant(db);
});

describe('the REST API foundation', () => {
  it('answers health with the database status', async () => {
    const res = await api('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', db: 'ok' });
  });

  it('exchanges an email and password for a token that /me recognises', async () => {
    const res = await api('POST', '/api/v1/auth/token', { body: { email: t.people.alice.email, password: 'demo' } });
    expect(res.status).toBe(200);
    const me = await api('GET', '/api/v1/me', { token: res.body.token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ person_id: t.people.alice.id, tenant_id: t.tenantId, roles: ['employee'], email: t.people.alice.email });
    expect(me.body).not.toHaveProperty('app_id');
  });

  it('refuses a wrong password with problem+json 401', async () => {
    const res = await api('POST', '/api/v1/auth/token', { body: { email: t.people.alice.email, password: 'nope' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 401, title: 'Unauthorized' });
  });

  it('refuses missing and forged credentials', async () => {
    expect((await api('GET', '/api/v1/me')).status).toBe(401);
    expect((await api('GET', '/api/v1/me', { token: 'not.a.jwt' })).status).toBe(401);
  });
});
