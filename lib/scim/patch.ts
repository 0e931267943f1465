/**
 * SCIM PATCH (RFC 7644 §3.5.2) as identity providers really send it: `op` in any case ("Replace" from
 * Microsoft Entra), a `path`, or no path and an object of attributes (Okta's
 * `{"op":"replace","value":{"active":false}}`), booleans as strings ("False" from Entra).
 */
import { ScimError, URN } from './protocol';

export type PatchOperation = { op: 'add' | 'replace' | 'remove'; path: string | null; value: unknown };

export function patchOperations(body: unknown): PatchOperation[] {
  if (!body || typeof body !== 'object') throw new ScimError(400, 'Expected a PatchOp body.', 'invalidSyntax');
  const { schemas, Operations } = body as { schemas?: unknown; Operations?: unknown };
  if (Array.isArray(schemas) && !schemas.includes(URN.patch)) throw new ScimError(400, `schemas must include ${URN.patch}.`, 'invalidSyntax');
  if (!Array.isArray(Operations) || Operations.length === 0) throw new ScimError(400, 'Operations must be a non-empty list.', 'invalidSyntax');
  if (Operations.length > 1000) throw new ScimError(400, 'At most 1000 operations.', 'tooMany');
  return Operations.map((raw) => {
    const op = typeof raw?.op === 'string' ? raw.op.toLowerCase() : '';
    if (op !== 'add' && op !== 'replace' && op !== 'remove') throw new ScimError(400, `Unknown op ${JSON.stringify(raw?.op)}: add, replace or remove.`, 'invalidSyntax');
    const path = typeof raw.path === 'string' && raw.path.trim() !== '' ? raw.path.trim() : null;
    if (raw.path !== undefined && raw.path !== null && typeof raw.path !== 'string') throw new ScimError(400, 'path must be a string.', 'invalidPath');
    if (op === 'remove' && !path) throw new ScimError(400, 'remove needs a path.', 'noTarget');
    return { op, path, value: raw.value };
  });
}

/** A SCIM boolean: true/false, or the strings "True"/"False" in any case. */
export function scimBoolean(value: unknown, attribute: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  throw new ScimError(400, `${attribute} must be true or false.`, 'invalidValue');
}

/** A path without its schema URN prefix: `urn:…:User:active` → `active`. */
export function bareAttribute(path: string): string {
  const prefix = `${URN.user}:`;
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}
