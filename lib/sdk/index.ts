/** The Opsdesk SDK: `createClient({ baseUrl, token })`, typed from the same schemas the server validates with. */
export { createClient, toQueryString, type ClientOptions, type OpsdeskClient } from './client';
export { OpsdeskApiError, isOpsdeskApiError, type FieldProblem, type ProblemDetails } from './errors';
export type * from './types';
