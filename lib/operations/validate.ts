import type { z } from 'zod';
import { AppError, invalid, type FieldError } from '@/lib/errors';

export function zodErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
}

/** Parses a client's input, or throws a 422 naming each field and what is wrong with it. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = 'body'): z.output<S> {
  if (input === undefined || input === null) input = {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new AppError('validation', `The ${what} must be a JSON object.`, { errors: [{ path: '(body)', message: 'Expected an object' }] });
  }
  const result = schema.safeParse(input);
  if (!result.success) {
    const errors = zodErrors(result.error);
    throw invalid(errors, errors.map((e) => `${e.path}: ${e.message}`).join('; '));
  }
  return result.data;
}
