/**
 * The typed Opsdesk client. Works in Node (≥18, global fetch) and in the browser: with no token and an
 * empty baseUrl, same-origin calls carry the session cookie (the explorer). It imports no server code at
 * run time (the record types' resources are generated into resources.generated.ts; every other import is
 * types only), so a browser bundle carries the client alone.
 *
 * Idempotent calls (GET, PUT, DELETE, and a POST with an Idempotency-Key) are retried on 429 and 503 with
 * exponential backoff, honouring Retry-After; lists walk their pages with `iterate` (an async iterator).
 */
import { OpsdeskApiError, problemFromBody } from './errors';
import { RESOURCES } from './resources.generated';
import type {
  ActionOptions,
  ApprovalPolicy,
  Delegation,
  DelegationBody,
  DocumentTemplate,
  DocumentVerification,
  IssuedDocument,
  Notification,
  NotificationPage,
  NotificationPreferences,
  PeopleSettings,
  PeopleSettingsUpdate,
  PolicyResource,
  Preferences,
  SearchHit,
  SlaSettings,
  SlaSettingsInput,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointCreate,
  WebhookEndpointUpdate,
  CreateOptions,
  GroupsClient,
  Me,
  OperationsClient,
  Page,
  PeopleClient,
  RequestOptions,
  ResourceName,
  SystemsClient,
  TokenResponse,
  WriteOptions,
} from './types';

export interface ClientOptions {
  /** The server's origin, e.g. `https://opsdesk.example.com` (a trailing `/api/v1` is accepted); `''` for same-origin. */
  baseUrl: string;
  /** A bearer token: a person token (`POST /api/v1/auth/token`, `npm run token`) or an integration key. */
  token?: string | (() => string | undefined | Promise<string | undefined>);
  /** A fetch implementation (tests pass the in-process app's; defaults to the global fetch). */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Headers sent with every call. */
  headers?: Record<string, string>;
  /** Retries of idempotent calls answered 429 or 503 (default 3 retries, backoff from 500 ms, at most 30 s per wait). */
  retry?: { retries?: number; baseMs?: number; maxMs?: number };
  /** How the client waits between retries (tests pass a fake). */
  sleep?: (ms: number) => Promise<void>;
}

const RETRY_STATUSES = new Set([429, 503]);

/** The wait a Retry-After header asks for (seconds or an HTTP date), or null. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

type Query = Record<string, unknown>;

interface CallInit extends RequestOptions {
  query?: Query;
  body?: unknown;
  ifMatch?: string;
  idempotencyKey?: string;
}

/** Serialises list parameters: a list becomes a comma list (`status=pending,approved`), a Date an ISO string. */
export function toQueryString(query: Query | undefined): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    const one = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v));
    search.set(key, Array.isArray(value) ? value.map(one).join(',') : one(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export function createClient(options: ClientOptions) {
  const root = options.baseUrl.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
  const doFetch = options.fetch ?? ((input: string, init: RequestInit) => globalThis.fetch(input, init));
  const retries = options.retry?.retries ?? 3;
  const baseMs = options.retry?.baseMs ?? 500;
  const maxMs = options.retry?.maxMs ?? 30_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  async function raw(method: string, path: string, init: CallInit = {}): Promise<{ response: Response; body: unknown }> {
    const url = `${root}/api/v1${path}${toQueryString(init.query)}`;
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers, ...init.headers };
    const token = typeof options.token === 'function' ? await options.token() : options.token;
    if (token) headers.authorization = `Bearer ${token}`;
    if (init.ifMatch) headers['if-match'] = init.ifMatch;
    if (init.idempotencyKey) headers['idempotency-key'] = init.idempotencyKey;
    let body: string | undefined;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers['content-type'] = 'application/json';
    }
    const idempotent = method === 'GET' || method === 'HEAD' || method === 'PUT' || method === 'DELETE' || !!init.idempotencyKey;
    let response = await doFetch(url, { method, headers, body, signal: init.signal, credentials: 'same-origin' });
    for (let attempt = 0; idempotent && attempt < retries && RETRY_STATUSES.has(response.status); attempt++) {
      const wait = Math.min(retryAfterMs(response.headers.get('retry-after')) ?? baseMs * 2 ** attempt, maxMs);
      await response.body?.cancel().catch(() => undefined);
      await sleep(wait);
      response = await doFetch(url, { method, headers, body, signal: init.signal, credentials: 'same-origin' });
    }
    const text = response.status === 204 ? '' : await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON (a proxy's error page): keep the text for the error's detail
    }
    if (!response.ok) throw new OpsdeskApiError(problemFromBody(response.status, response.statusText, parsed), { method, url });
    return { response, body: parsed };
  }

  async function call<T>(method: string, path: string, init?: CallInit): Promise<T> {
    return (await raw(method, path, init)).body as T;
  }

  /** Every item of a keyset-paged list, fetching the next page as the loop reaches it. */
  async function* pages<T>(path: string, params?: Query, o?: RequestOptions): AsyncGenerator<T> {
    let cursor: string | null | undefined = (params?.cursor as string | null | undefined) ?? undefined;
    do {
      const page: Page<T> = await call<Page<T>>('GET', path, { ...o, query: { ...params, cursor } });
      yield* page.data;
      cursor = page.next_cursor;
    } while (cursor);
  }

  const enc = encodeURIComponent;

  /** A record type's resource (`access-requests`), or a directory path (`/people`). */
  function resource(resourcePath: string, actionNames: readonly string[]) {
    const base = resourcePath.startsWith('/') ? resourcePath : `/operations/${resourcePath}`;
    const at = (id: string) => `${base}/${encodeURIComponent(id)}`;
    const methods: Record<string, unknown> = {
      list: (params?: Query, o?: RequestOptions) => call<Page<unknown>>('GET', base, { ...o, query: params }),
      iterate: (params?: Query, o?: RequestOptions) => pages(base, params, o),
      get: (id: string, o?: RequestOptions) => call('GET', at(id), o),
      getWithEtag: async (id: string, o?: RequestOptions) => {
        const { response, body } = await raw('GET', at(id), o);
        return { record: body, etag: response.headers.get('etag') };
      },
      create: (body: unknown, o?: CreateOptions) => call('POST', base, { ...o, body }),
      update: (id: string, body: unknown, o?: WriteOptions) => call('PATCH', at(id), { ...o, body }),
      delete: async (id: string, o?: WriteOptions) => {
        await raw('DELETE', at(id), o);
      },
    };
    for (const action of actionNames) {
      methods[action] = (id: string, body?: unknown, o?: ActionOptions) =>
        call('POST', `${at(id)}/${encodeURIComponent(action)}`, { ...o, body: body ?? {} });
    }
    return methods;
  }

  const operations = Object.fromEntries(
    Object.entries(RESOURCES).map(([sdkName, type]) => [sdkName, resource(type.resource, type.actions)]),
  ) as unknown as OperationsClient;

  /** The caller (`client.me()`), with what is theirs: notifications, preferences, delegation, tokens. */
  const me = Object.assign((o?: RequestOptions) => call<Me>('GET', '/me', o), {
    notifications: {
      list: (params?: { limit?: number; cursor?: string; unread?: boolean }, o?: RequestOptions) => call<NotificationPage>('GET', '/me/notifications', { ...o, query: params }),
      iterate: (params?: { limit?: number; unread?: boolean }, o?: RequestOptions) => pages<Notification>('/me/notifications', params, o),
      read: (body: { ids: string[] } | { all: true }, o?: RequestOptions) => call<unknown>('POST', '/me/notifications/read', { ...o, body }),
    },
    notificationPreferences: {
      get: (o?: RequestOptions) => call<NotificationPreferences>('GET', '/me/notification-preferences', o),
      put: (body: NotificationPreferences, o?: RequestOptions) => call<NotificationPreferences>('PUT', '/me/notification-preferences', { ...o, body }),
    },
    preferences: {
      get: (o?: RequestOptions) => call<Preferences>('GET', '/me/preferences', o),
      put: (body: Preferences, o?: RequestOptions) => call<Preferences>('PUT', '/me/preferences', { ...o, body }),
    },
    delegation: {
      get: (o?: RequestOptions) => call<Delegation | null>('GET', '/me/delegation', o),
      set: (body: DelegationBody, o?: RequestOptions) => call<Delegation>('PUT', '/me/delegation', { ...o, body }),
      end: async (o?: RequestOptions) => {
        await raw('DELETE', '/me/delegation', o);
      },
    },
    tokens: {
      list: (o?: RequestOptions) => call<{ data: Record<string, unknown>[] }>('GET', '/me/tokens', o),
      revoke: async (id: string, o?: RequestOptions) => {
        await raw('DELETE', `/me/tokens/${enc(id)}`, o);
      },
    },
  });

  const people = Object.assign(resource('/people', []) as unknown as PeopleClient, {
    /** Who decides a person's named steps while they are away (admins). */
    delegation: {
      get: (id: string, o?: RequestOptions) => call<Delegation | null>('GET', `/people/${enc(id)}/delegation`, o),
      set: (id: string, body: DelegationBody, o?: RequestOptions) => call<Delegation>('PUT', `/people/${enc(id)}/delegation`, { ...o, body }),
      end: async (id: string, o?: RequestOptions) => {
        await raw('DELETE', `/people/${enc(id)}/delegation`, o);
      },
    },
    /** What offboarding did for a deactivated person and what remains (admins). */
    offboarding: (id: string, o?: RequestOptions) => call<Record<string, unknown>>('GET', `/people/${enc(id)}/offboarding`, o),
    /** Invites people by email: one single-use link each, valid 7 days (admins). */
    invite: (body: { emails: string[] }, o?: CreateOptions) => call<Record<string, unknown>>('POST', '/people/invitations', { ...o, body }),
  });

  return {
    operations,
    /** The people directory: anyone signed in reads it; admins add and change people. */
    people,
    /** Approver groups (Finance, Legal…). */
    groups: resource('/groups', []) as unknown as GroupsClient,
    /** The systems catalogue access requests pick from. */
    systems: resource('/systems', []) as unknown as SystemsClient,
    /** The caller: person, tenant, roles (and app_id for an integration key); and their notifications, preferences, delegation, tokens. */
    me,
    /** Approval policies per record type (admins write): the policy in force, its versions, a dry run. */
    approvalPolicies: {
      list: (o?: RequestOptions) => call<{ data: ApprovalPolicy[] }>('GET', '/approval-policies', o),
      /** The policy in force, or an earlier version (`{ version: 2 }`). */
      get: (resource: PolicyResource, params?: { version?: number }, o?: RequestOptions) =>
        call<ApprovalPolicy>('GET', `/approval-policies/${enc(resource)}`, { ...o, query: params }),
      versions: (resource: PolicyResource, o?: RequestOptions) => call<{ data: ApprovalPolicy[] }>('GET', `/approval-policies/${enc(resource)}/versions`, o),
      put: (resource: PolicyResource, body: { steps: unknown[] }, o?: RequestOptions) => call<ApprovalPolicy>('PUT', `/approval-policies/${enc(resource)}`, { ...o, body }),
      preview: (resource: PolicyResource, body: Record<string, unknown>, o?: RequestOptions) => call<Record<string, unknown>>('POST', `/approval-policies/${enc(resource)}/preview`, { ...o, body }),
    },
    settings: {
      /** Approval and desk-task hours per resource, and the working calendar (admins). */
      sla: {
        get: (o?: RequestOptions) => call<SlaSettings>('GET', '/settings/sla', o),
        put: (body: SlaSettingsInput, o?: RequestOptions) => call<SlaSettings>('PUT', '/settings/sla', { ...o, body }),
      },
      /** Who may join by SSO (the just-in-time domain) and the SCIM token's state (admins). */
      people: {
        get: (o?: RequestOptions) => call<PeopleSettings>('GET', '/settings/people', o),
        put: (body: PeopleSettingsUpdate, o?: RequestOptions) => call<PeopleSettings>('PUT', '/settings/people', { ...o, body }),
      },
      /** A SCIM bearer token, shown once (admins); minting again replaces it; `.revoke()` ends it. */
      scimToken: Object.assign((o?: RequestOptions) => call<{ token: string }>('POST', '/settings/scim-token', o), {
        revoke: async (o?: RequestOptions) => {
          await raw('DELETE', '/settings/scim-token', o);
        },
      }),
    },
    /** Webhook endpoints and their delivery log (admins, or an integration key for its own). Verify deliveries with `verifyWebhook`. */
    webhooks: {
      list: (o?: RequestOptions) => call<{ data: WebhookEndpoint[] }>('GET', '/webhooks', o),
      get: (id: string, o?: RequestOptions) => call<WebhookEndpoint>('GET', `/webhooks/${enc(id)}`, o),
      create: (body: WebhookEndpointCreate, o?: RequestOptions) => call<WebhookEndpoint & { secret: string }>('POST', '/webhooks', { ...o, body }),
      update: (id: string, body: WebhookEndpointUpdate, o?: RequestOptions) => call<WebhookEndpoint>('PATCH', `/webhooks/${enc(id)}`, { ...o, body }),
      delete: async (id: string, o?: RequestOptions) => {
        await raw('DELETE', `/webhooks/${enc(id)}`, o);
      },
      deliveries: (id: string, params?: { limit?: number; cursor?: string; status?: WebhookDelivery['status'] }, o?: RequestOptions) =>
        call<Page<WebhookDelivery>>('GET', `/webhooks/${enc(id)}/deliveries`, { ...o, query: params }),
      iterateDeliveries: (id: string, params?: { limit?: number; status?: WebhookDelivery['status'] }, o?: RequestOptions) =>
        pages<WebhookDelivery>(`/webhooks/${enc(id)}/deliveries`, params, o),
      retryDelivery: (id: string, deliveryId: string, o?: RequestOptions) => call<WebhookDelivery>('POST', `/webhooks/${enc(id)}/deliveries/${enc(deliveryId)}/retry`, o),
    },
    /** HR document templates per HR request type (admin, hr). */
    documentTemplates: {
      /** The template in use for every HR request type. */
      list: (o?: RequestOptions) => call<{ data: DocumentTemplate[] }>('GET', '/document-templates', o),
      get: (type: string, o?: RequestOptions) => call<DocumentTemplate>('GET', `/document-templates/${enc(type)}`, o),
      put: (type: string, body: { title: string; body: string }, o?: RequestOptions) => call<DocumentTemplate>('PUT', `/document-templates/${enc(type)}`, { ...o, body }),
    },
    /** HR documents: generate for a request (hr, admin), download the PDF, revoke. */
    documents: {
      generate: (hrRequestId: string, o?: CreateOptions) => call<IssuedDocument>('POST', `/operations/hr-requests/${enc(hrRequestId)}/document`, { ...o, body: {} }),
      download: async (id: string, o?: RequestOptions) => {
        const url = `${root}/api/v1/documents/${enc(id)}`;
        const token = typeof options.token === 'function' ? await options.token() : options.token;
        const response = await doFetch(url, { method: 'GET', headers: { ...options.headers, ...o?.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) }, signal: o?.signal, credentials: 'same-origin' });
        if (!response.ok) throw new OpsdeskApiError(problemFromBody(response.status, response.statusText, await response.json().catch(() => null)), { method: 'GET', url });
        return new Uint8Array(await response.arrayBuffer());
      },
      revoke: (id: string, o?: RequestOptions) => call<IssuedDocument>('POST', `/documents/${enc(id)}/revoke`, { ...o, body: {} }),
    },
    /** Everything the caller may see, across the request types, people and ids, best first. */
    search: (q: string, params?: { limit?: number }, o?: RequestOptions) => call<{ data: SearchHit[] }>('GET', '/search', { ...o, query: { ...params, q } }),
    /** A document's public verification (no sign-in needed). */
    verify: (code: string, o?: RequestOptions) => call<DocumentVerification>('GET', `/verify/${enc(code)}`, o),
    /** Background jobs (admins). */
    jobs: {
      list: (params?: { state?: string; limit?: number; cursor?: string }, o?: RequestOptions) => call<Page<Record<string, unknown>>>('GET', '/jobs', { ...o, query: params }),
      retry: (id: string, o?: RequestOptions) => call<Record<string, unknown>>('POST', `/jobs/${enc(id)}/retry`, o),
      discard: async (id: string, o?: RequestOptions) => {
        await raw('DELETE', `/jobs/${enc(id)}`, o);
      },
    },
    /** The security log (admins). */
    securityEvents: {
      list: (params?: { kind?: string; actor_id?: string; from?: string; to?: string; limit?: number; cursor?: string }, o?: RequestOptions) =>
        call<Page<Record<string, unknown>>>('GET', '/security-events', { ...o, query: params }),
      iterate: (params?: { kind?: string; actor_id?: string; from?: string; to?: string }, o?: RequestOptions) => pages<Record<string, unknown>>('/security-events', params, o),
    },
    auth: {
      /** Exchanges a person's email and password for a bearer token. */
      token: (credentials: { email: string; password: string }, o?: RequestOptions) =>
        call<TokenResponse>('POST', '/auth/token', { ...o, body: credentials }),
    },
    /** The OpenAPI 3.1 document. */
    openapi: (o?: RequestOptions) => call<Record<string, unknown>>('GET', '/openapi.json', o),
  };
}

export type OpsdeskClient = ReturnType<typeof createClient>;
export type { ResourceName };
