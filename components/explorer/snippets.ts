/** The explorer's request, as a URL, as curl and as SDK code. Pure functions (unit-tested). */

export interface RequestSpec {
  method: string;
  /** Path template, e.g. `/api/v1/operations/travel/{id}/book`. */
  path: string;
  id?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** The body as JSON text (sent as is), or undefined. */
  body?: string;
}

/** The path's parameters besides `{id}` (e.g. `{delivery_id}`): their values come with the query's. */
export function extraPathParams(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).filter((name) => name !== 'id');
}

export function resolvePath(path: string, id: string | undefined, query: Record<string, string> = {}): string {
  let resolved = path.replace('{id}', id?.trim() ? encodeURIComponent(id.trim()) : '{id}');
  for (const name of extraPathParams(path)) {
    const value = query[name]?.trim();
    if (value) resolved = resolved.replace(`{${name}}`, encodeURIComponent(value));
  }
  return resolved;
}

export function queryString(query: Record<string, string> | undefined, skip: string[] = []): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value.trim() !== '' && !skip.includes(key)) search.set(key, value.trim());
  const text = search.toString();
  return text ? `?${text}` : '';
}

export function requestUrl(spec: RequestSpec): string {
  return `${resolvePath(spec.path, spec.id, spec.query)}${queryString(spec.query, extraPathParams(spec.path))}`;
}

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** Pretty JSON when the text parses, else the text unchanged. */
function prettyJson(text: string, indent = 2): string {
  try {
    return JSON.stringify(JSON.parse(text), null, indent);
  } catch {
    return text;
  }
}

export function curlSnippet(spec: RequestSpec, origin: string): string {
  const lines = [`curl -X ${spec.method} ${shellQuote(`${origin}${requestUrl(spec)}`)}`, `  -H "Authorization: Bearer $OPSDESK_TOKEN"`];
  for (const [name, value] of Object.entries(spec.headers ?? {})) if (value.trim()) lines.push(`  -H ${shellQuote(`${name}: ${value.trim()}`)}`);
  if (spec.body !== undefined) {
    lines.push(`  -H "Content-Type: application/json"`);
    lines.push(`  -d ${shellQuote(prettyJson(spec.body))}`);
  }
  return lines.join(' \\\n');
}

/** A JS/TS literal for a JSON value, keys unquoted where they can be. */
function literal(value: unknown, indent: string): string {
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, indent)).join(', ')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const inner = `${indent}  `;
    const body = entries.map(([k, v]) => `${inner}${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${literal(v, inner)},`);
    return `{\n${body.join('\n')}\n${indent}}`;
  }
  return typeof value === 'string' ? `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : JSON.stringify(value);
}

export interface SdkCall {
  sdkName: string;
  /** The directory's clients sit at the top (`opsdesk.people`), record types under `opsdesk.operations`. */
  topLevel?: boolean;
  sdkMethod: string;
  kind: 'list' | 'get' | 'create' | 'update' | 'delete' | 'action';
}

export function sdkSnippet(call: SdkCall, spec: RequestSpec, origin: string): string {
  let body: unknown;
  try {
    body = spec.body !== undefined && spec.body.trim() ? JSON.parse(spec.body) : undefined;
  } catch {
    body = undefined;
  }
  const id = literal(spec.id?.trim() || 'REPLACE_WITH_ID', '');
  const ifMatch = spec.headers?.['If-Match']?.trim();
  const idempotencyKey = spec.headers?.['Idempotency-Key']?.trim();
  const options: Record<string, string> = {
    ...(ifMatch ? { ifMatch } : {}),
    ...(idempotencyKey ? { idempotencyKey } : {}),
  };
  const optionsArg = Object.keys(options).length ? `, ${literal(options, '')}` : '';
  const bodyArg = body === undefined ? '{}' : literal(body, '');
  const target = `opsdesk.${call.topLevel ? '' : 'operations.'}${call.sdkName}.${/^[A-Za-z_$][\w$]*$/.test(call.sdkMethod) ? call.sdkMethod : `[${JSON.stringify(call.sdkMethod)}]`}`;
  const inPath = extraPathParams(spec.path);
  const query = Object.fromEntries(Object.entries(spec.query ?? {}).filter(([k, v]) => v.trim() !== '' && !inPath.includes(k)).map(([k, v]) => [k, v.trim()]));
  // A list under a record (a webhook's deliveries) takes its id first; further path parameters follow the id.
  const listArgs = [...(spec.path.includes('{id}') ? [id] : []), ...(Object.keys(query).length ? [literal(query, '')] : [])].join(', ');
  const pathArgs = inPath.map((name) => `, ${literal(spec.query?.[name]?.trim() || `REPLACE_WITH_${name.toUpperCase()}`, '')}`).join('');
  const invocation = {
    list: `const page = await ${target}(${listArgs});\nconsole.log(page.data, page.next_cursor);`,
    get: `const record = await ${target}(${id});`,
    create: `const record = await ${target}(${bodyArg}${optionsArg});`,
    update: `const record = await ${target}(${id}, ${bodyArg}${optionsArg});`,
    delete: `await ${target}(${id}${optionsArg});`,
    action: `const record = await ${target}(${id}${pathArgs}${body === undefined && !optionsArg ? '' : `, ${bodyArg}`}${optionsArg});`,
  }[call.kind];
  return [
    `import { createClient, OpsdeskApiError } from '@/lib/sdk';`,
    '',
    `const opsdesk = createClient({ baseUrl: ${literal(origin, '')}, token: process.env.OPSDESK_TOKEN });`,
    '',
    'try {',
    ...invocation.split('\n').map((line) => `  ${line}`),
    '} catch (error) {',
    '  if (error instanceof OpsdeskApiError) console.error(error.status, error.title, error.errors);',
    '  else throw error;',
    '}',
  ].join('\n');
}
