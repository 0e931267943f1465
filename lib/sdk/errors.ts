/** The one error the SDK throws for a non-2xx answer: the server's problem+json, typed. */

export interface FieldProblem {
  path: string;
  message: string;
}

export interface ProblemDetails {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldProblem[];
  /** On 409: the record's status now. */
  current_status?: string;
  /** On 409: the actions allowed from that status. */
  allowed_actions?: string[];
  [extension: string]: unknown;
}

export class OpsdeskApiError extends Error {
  readonly status: number;
  readonly type: string | undefined;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldProblem[];
  readonly current_status: string | undefined;
  readonly allowed_actions: string[] | undefined;
  /** The whole problem body as the server sent it (or one built from the status when it sent none). */
  readonly problem: ProblemDetails;
  readonly method: string;
  readonly url: string;

  constructor(problem: ProblemDetails, request: { method: string; url: string }) {
    super(`${problem.status} ${problem.title}${problem.detail ? `: ${problem.detail}` : ''}`);
    this.name = 'OpsdeskApiError';
    this.problem = problem;
    this.status = problem.status;
    this.type = problem.type;
    this.title = problem.title;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.current_status = problem.current_status;
    this.allowed_actions = problem.allowed_actions;
    this.method = request.method;
    this.url = request.url;
  }

  /** The message for one field (`return_at`), when the server named it. */
  fieldError(path: string): string | undefined {
    return this.errors.find((e) => e.path === path)?.message;
  }
}

export function isOpsdeskApiError(error: unknown): error is OpsdeskApiError {
  return error instanceof OpsdeskApiError;
}

/** Turns a failed response's body into problem details, whatever the server (or a proxy) sent. */
export function problemFromBody(status: number, statusText: string, body: unknown): ProblemDetails {
  if (body && typeof body === 'object' && typeof (body as ProblemDetails).title === 'string') {
    return { ...(body as ProblemDetails), status: typeof (body as ProblemDetails).status === 'number' ? (body as ProblemDetails).status : status };
  }
  return {
    title: statusText || `HTTP ${status}`,
    status,
    ...(typeof body === 'string' && body ? { detail: body.slice(0, 500) } : {}),
  };
}
