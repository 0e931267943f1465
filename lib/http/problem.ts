/** problem+json (RFC 9457) for every error the API answers. */
import { AppError, STATUS_OF, TITLE_OF, type ErrorKind } from '@/lib/errors';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { path: string; message: string }[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemOf(kind: ErrorKind, detail: string, extra: Partial<Problem> = {}): Problem {
  return { type: `https://opsdesk.dev/problems/${kind.replace(/_/g, '-')}`, title: TITLE_OF[kind], status: STATUS_OF[kind], detail, ...extra };
}

/** The problem for any thrown value: an AppError as it is, anything else as an opaque 500. */
export function toProblem(error: unknown): Problem {
  if (error instanceof AppError) {
    return problemOf(error.kind, error.message, { ...(error.errors ? { errors: error.errors } : {}), ...error.extensions });
  }
  return {
    type: 'https://opsdesk.dev/problems/internal',
    title: 'Internal error',
    status: 500,
    detail: 'Something went wrong on our side. It has been logged; please try again.',
  };
}
