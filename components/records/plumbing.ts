/**
 * The fields a person never needs to read: the engine's bookkeeping and the storage's own stamps. The
 * detail page, its history and the CSV export leave them out; the REST API still returns every one.
 */
const PLUMBING = new Set([
  'tenant_id',
  'app_id',
  'source',
  'source_type',
  'schema_version',
  'is_deleted',
  'deleted_at',
  'deleted_by',
  'updated_by',
  // A pending item's engine bookkeeping: the chain and its decisions say the same in words.
  'engine',
  'candidate_ids',
  'policy_version',
  'current_step_index',
  'total_steps',
  'entity_type',
]);

export function isPlumbing(field: string): boolean {
  return PLUMBING.has(field);
}

/** Nothing to show: null, empty text, an empty list or object. */
export function isEmptyValue(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value as object).length === 0;
  return false;
}
