/**
 * The typed Opsdesk client. Works in Node (≥18, global fetch) and in the browser: with no token and an
 * empty baseUrl, same-origin calls carry the session cookie (the explorer).
 */
import { recordTypes } from '@/lib/operations/registry';
import { OpsdeskApiError, problemFromBody } from './errors';
import type {
  ActionOptions,
  CreateOptions,
  GroupsClient,
  Me,
  OperationsClient,
  Page,
  PeopleClient,
  RequestOptions,
  ResourceName,
  SlaSettings,
  SlaSettingsInput,
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
    const response = await doFetch(url, { method, headers, body, signal: init.signal, credentials: 'same-origin' });
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

  /** A record type's resource (`access-requests`), or a directory path (`/people`). */
  function resource(resourcePath: string, actionNames: readonly string[]) {
    const base = resourcePath.startsWith('/') ? resourcePath : `/operations/${resourcePath}`;
    const at = (id: string) => `${base}/${encodeURIComponent(id)}`;
    const methods: Record<string, unknown> = {
      list: (params?: Query, o?: RequestOptions) => call<Page<unknown>>('GET', base, { ...o, query: params }),
      async *iterate(params?: Query, o?: RequestOptions) {
        let cursor: string | null | undefined = (params?.cursor as string | null | undefined) ?? undefined;
        do {
          const page: Page<unknown> = await call<Page<unknown>>('GET', base, { ...o, query: { ...params, cursor } });
          yield* page.data;
          cursor = page.next_cursor;
        } while (cursor);
      },
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
    recordTypes.map((type) => [type.sdkName, resource(type.resource, type.actionNames)]),
  ) as unknown as OperationsClient;

  return {
    operations,
    /** The people directory: anyone signed in reads it; admins add and change people. */
    people: resource('/people', []) as unknown as PeopleClient,
    /** Approver groups (Finance, Legal…). */
    groups: resource('/groups', []) as unknown as GroupsClient,
    /** The systems catalogue access requests pick from. */
    systems: resource('/systems', []) as unknown as SystemsClient,
    settings: {
      /** SLA hours and business calendar (admin): get, and put (replaces the whole object). */
      sla: {
        get: (o?: RequestOptions) => call<SlaSettings>('GET', '/settings/sla', o),
        put: (body: SlaSettingsInput, o?: RequestOptions) => call<SlaSettings>('PUT', '/settings/sla', { ...o, body }),
      },
    },
    /** The caller: person, tenant, roles (and app_id for an integration key). */
    me: (o?: RequestOptions) => call<Me>('GET', '/me', o),
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
