/**
 * The one error type of the domain. Every transport maps it the same way (lib/http/problem.ts): the
 * REST API to problem+json, server actions to form errors. Anything that is not an AppError is a bug
 * and reaches a client only as a generic 500 without details.
 */
export type ErrorKind =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'precondition_failed'
  | 'validation'
  | 'rate_limited'
  | 'unavailable';

export const STATUS_OF: Record<ErrorKind, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  validation: 422,
  rate_limited: 429,
  unavailable: 503,
};

export const TITLE_OF: Record<ErrorKind, string> = {
  bad_request: 'Bad request',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  conflict: 'Conflict',
  precondition_failed: 'Precondition failed',
  validation: 'Validation failed',
  rate_limited: 'Too many requests',
  unavailable: 'Service unavailable',
};

export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly errors?: FieldError[];
  /** Extra members of the problem body, e.g. current_status and allowed_actions on a 409. */
  readonly extensions?: Record<string, unknown>;

  constructor(kind: ErrorKind, detail: string, options: { errors?: FieldError[]; extensions?: Record<string, unknown> } = {}) {
    super(detail);
    this.name = 'AppError';
    this.kind = kind;
    this.errors = options.errors;
    this.extensions = options.extensions;
  }

  get status(): number {
    return STATUS_OF[this.kind];
  }
}

export const notFound = (what = 'record') => new AppError('not_found', `No ${what} with that id is visible to you.`);
export const forbidden = (detail: string) => new AppError('forbidden', detail);
export const invalid = (errors: FieldError[], detail = 'One or more fields are invalid.') =>
  new AppError('validation', detail, { errors });
export const invalidField = (path: string, message: string) => invalid([{ path, message }], `${path}: ${message}`);

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

const DEFERRED = Symbol.for('opsdesk.deferredOnFailure');

/**
 * Work to do once a failed change's transaction has rolled back (e.g. keep a refused decision's security
 * event): attached to the error by code running inside a transaction, run by whoever opened it.
 */
export function deferOnFailure(error: unknown, work: () => Promise<void>): void {
  if (error && typeof error === 'object') {
    const list = ((error as Record<symbol, unknown>)[DEFERRED] as (() => Promise<void>)[] | undefined) ?? [];
    list.push(work);
    Object.defineProperty(error, DEFERRED, { value: list, enumerable: false, configurable: true });
  }
}

/** Runs the work deferred on a failure (once), after its transaction ended. */
export async function runDeferredOnFailure(error: unknown): Promise<void> {
  if (!error || typeof error !== 'object') return;
  const list = (error as Record<symbol, unknown>)[DEFERRED] as (() => Promise<void>)[] | undefined;
  if (!list) return;
  Object.defineProperty(error, DEFERRED, { value: undefined, enumerable: false, configurable: true });
  for (const work of list) await work();
}
