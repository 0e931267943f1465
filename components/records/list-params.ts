/** The list screen's URL: which parameters it keeps, and links that change some of them. */
import type { RecordType } from '@/lib/operations/define';

export type ListParams = Record<string, string>;

/** The parameters a list keeps in its URL: scope, q, sort, the type's filters, and the paging cursors. */
export function listParamNames(type: RecordType): string[] {
  return ['scope', 'q', 'sort', ...Object.keys(type.filters), 'cursor', 'back'];
}

export function pickListParams(type: RecordType, raw: Record<string, string | string[] | undefined>): ListParams {
  const params: ListParams = {};
  for (const name of listParamNames(type)) {
    const value = raw[name];
    const one = Array.isArray(value) ? value[0] : value;
    if (one !== undefined && one !== '') params[name] = one;
  }
  return params;
}

/** A link to the list with some parameters changed (null removes one); changing anything but paging restarts at page one. */
export function listHref(resource: string, params: ListParams, changes: Record<string, string | null>): string {
  const next: ListParams = { ...params };
  const paging = Object.keys(changes).every((k) => k === 'cursor' || k === 'back');
  if (!paging) {
    delete next.cursor;
    delete next.back;
  }
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === '') delete next[key];
    else next[key] = value;
  }
  const query = new URLSearchParams(next).toString();
  return query ? `/${resource}?${query}` : `/${resource}`;
}

/** Keyset paging backwards: the cursors of earlier pages ride along in `back` ('~' is the first page). */
export function nextPageHref(resource: string, params: ListParams, nextCursor: string): string {
  const stack = params.back ? params.back.split('.') : [];
  stack.push(params.cursor ?? '~');
  return listHref(resource, params, { cursor: nextCursor, back: stack.slice(-30).join('.') });
}

export function previousPageHref(resource: string, params: ListParams): string | null {
  if (!params.cursor) return null;
  const stack = params.back ? params.back.split('.') : [];
  const previous = stack.pop();
  return listHref(resource, params, { cursor: !previous || previous === '~' ? null : previous, back: stack.length ? stack.join('.') : null });
}
