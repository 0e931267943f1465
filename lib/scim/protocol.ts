/**
 * SCIM 2.0 (RFC 7643 / RFC 7644) wire format: schema URNs, errors in the SCIM error schema
 * (application/scim+json), list responses, and the discovery documents (ServiceProviderConfig,
 * ResourceTypes, Schemas).
 */
export const SCIM_CONTENT_TYPE = 'application/scim+json';

export const URN = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  list: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  patch: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
  spConfig: 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
  resourceType: 'urn:ietf:params:scim:schemas:core:2.0:ResourceType',
  schema: 'urn:ietf:params:scim:schemas:core:2.0:Schema',
  /** Opsdesk's extension of a new User: the starter bundle to file for them (lib/scim/users.ts). */
  onboarding: 'urn:opsdesk:params:scim:schemas:extension:onboarding:2.0:User',
} as const;

export type ScimType = 'invalidFilter' | 'invalidSyntax' | 'invalidPath' | 'invalidValue' | 'uniqueness' | 'mutability' | 'noTarget' | 'tooMany';

/** An error a SCIM client receives as `{"schemas": [Error], "status": "400", "scimType", "detail"}`. */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    detail: string,
    readonly scimType?: ScimType,
  ) {
    super(detail);
    this.name = 'ScimError';
  }
}

export function scimErrorBody(status: number, detail: string, scimType?: ScimType) {
  return { schemas: [URN.error], status: String(status), ...(scimType ? { scimType } : {}), detail };
}

export function listResponse<T>(resources: T[], totalResults: number, startIndex: number) {
  return { schemas: [URN.list], totalResults, startIndex, itemsPerPage: resources.length, Resources: resources };
}

/** startIndex (1-based) and count, as RFC 7644 §3.4.2.4 reads them: out-of-range values are clamped. */
export function paging(query: Record<string, string | undefined>, maxCount = 200): { startIndex: number; count: number } {
  const start = Number.parseInt(query.startIndex ?? '1', 10);
  const count = Number.parseInt(query.count ?? String(maxCount), 10);
  return {
    startIndex: Number.isFinite(start) && start >= 1 ? start : 1,
    count: Number.isFinite(count) ? Math.min(Math.max(count, 0), maxCount) : maxCount,
  };
}

/** `attr eq "value"` (the one filter identity providers send to find a resource); anything else is invalidFilter. */
export function parseEqFilter(filter: string | undefined, attributes: readonly string[]): { attribute: string; value: string } | null {
  if (filter === undefined || filter.trim() === '') return null;
  const match = /^\s*([A-Za-z][\w.]*)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i.exec(filter);
  if (!match) throw new ScimError(400, `Only filters of the form attribute eq "value" are supported (attributes: ${attributes.join(', ')}).`, 'invalidFilter');
  const attribute = attributes.find((a) => a.toLowerCase() === match[1].toLowerCase());
  if (!attribute) throw new ScimError(400, `Filtering on ${match[1]} is not supported (attributes: ${attributes.join(', ')}).`, 'invalidFilter');
  return { attribute, value: match[2].replace(/\\(.)/g, '$1') };
}

export function serviceProviderConfig(baseUrl: string) {
  return {
    schemas: [URN.spConfig],
    documentationUri: `${baseUrl}/explorer`,
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: 200 },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      { type: 'oauthbearertoken', name: 'Bearer token', description: 'The SCIM token an admin mints in Settings → People (POST /api/v1/settings/scim-token).', primary: true },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/scim/v2/ServiceProviderConfig` },
  };
}

export function resourceTypes(baseUrl: string) {
  return [
    { schemas: [URN.resourceType], id: 'User', name: 'User', endpoint: '/Users', description: 'A person of the organisation', schema: URN.user, schemaExtensions: [{ schema: URN.onboarding, required: false }], meta: { resourceType: 'ResourceType', location: `${baseUrl}/scim/v2/ResourceTypes/User` } },
    { schemas: [URN.resourceType], id: 'Group', name: 'Group', endpoint: '/Groups', description: 'An approver group', schema: URN.group, meta: { resourceType: 'ResourceType', location: `${baseUrl}/scim/v2/ResourceTypes/Group` } },
  ];
}

const attr = (name: string, type: string, extra: Record<string, unknown> = {}) => ({
  name,
  type,
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
  ...extra,
});

export function schemas(baseUrl: string) {
  return [
    {
      schemas: [URN.schema],
      id: URN.user,
      name: 'User',
      description: 'A person of the organisation; userName is their sign-in email.',
      attributes: [
        attr('userName', 'string', { required: true, uniqueness: 'server' }),
        attr('externalId', 'string', { caseExact: true }),
        attr('displayName', 'string'),
        attr('title', 'string'),
        attr('active', 'boolean'),
        attr('name', 'complex', { subAttributes: [attr('formatted', 'string'), attr('givenName', 'string'), attr('familyName', 'string')] }),
        attr('emails', 'complex', { multiValued: true, subAttributes: [attr('value', 'string'), attr('type', 'string'), attr('primary', 'boolean')] }),
        attr('groups', 'complex', { multiValued: true, mutability: 'readOnly', subAttributes: [attr('value', 'string'), attr('display', 'string')] }),
      ],
      meta: { resourceType: 'Schema', location: `${baseUrl}/scim/v2/Schemas/${URN.user}` },
    },
    {
      schemas: [URN.schema],
      id: URN.onboarding,
      name: 'Onboarding',
      description: 'Sent with a new User only: the starter bundle filed on their behalf through the usual approvals (as POST /api/v1/people’s starter_bundle).',
      attributes: [
        attr('starterBundle', 'complex', {
          mutability: 'writeOnly',
          returned: 'never',
          subAttributes: [attr('equipment_type', 'string'), attr('system_ids', 'string', { multiValued: true }), attr('welcome_letter', 'boolean')],
        }),
      ],
      meta: { resourceType: 'Schema', location: `${baseUrl}/scim/v2/Schemas/${URN.onboarding}` },
    },
    {
      schemas: [URN.schema],
      id: URN.group,
      name: 'Group',
      description: 'An approver group (Finance, Legal…), used by approval policies.',
      attributes: [
        attr('displayName', 'string', { required: true, uniqueness: 'server' }),
        attr('externalId', 'string', { caseExact: true }),
        attr('members', 'complex', { multiValued: true, subAttributes: [attr('value', 'string', { mutability: 'immutable' }), attr('display', 'string', { mutability: 'readOnly' })] }),
      ],
      meta: { resourceType: 'Schema', location: `${baseUrl}/scim/v2/Schemas/${URN.group}` },
    },
  ];
}
