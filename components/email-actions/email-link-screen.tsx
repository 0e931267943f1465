'use client';

import Link from 'next/link';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { CheckCircle2, CircleAlert, CircleX, Clock, Link2Off, ShieldAlert } from 'lucide-react';
import { Button, ButtonLink } from '@/components/ui/button';
import { inputClasses } from '@/components/ui/field';
import { StatusBadge } from '@/components/ui/status-badge';
import { confirmEmailLinkAction } from '@/lib/actions/email-links';
import { formatterFor } from '@/lib/format';
import type { LinkRequest, LinkView } from '@/lib/notifications/email-decisions';

const CARD = 'rounded-xl border border-zinc-200 bg-white p-4 shadow-sm sm:p-6 dark:border-zinc-800 dark:bg-zinc-950';

function RequestSummary({ request }: { request: LinkRequest }) {
  return (
    <section aria-label="The request" className="mt-5 rounded-lg border border-zinc-200 dark:border-zinc-800">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <div>
          <p className="font-medium text-zinc-900 dark:text-zinc-100">{request.title}</p>
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            Requested by {request.requesterName} · {request.stepText}
          </p>
        </div>
        <StatusBadge status={request.status} />
      </div>
      {/* Label above value on a phone (a long date keeps one line), side by side from sm up. */}
      <dl className="grid grid-cols-1 gap-x-4 px-4 py-3 text-sm sm:grid-cols-[auto_1fr] sm:gap-y-1.5">
        {request.fields
          .filter((f) => f.label !== 'Status')
          .map((f) => (
            <div key={f.label} className="contents">
              <dt className="text-zinc-600 dark:text-zinc-400">{f.label}</dt>
              <dd className="mb-2 break-words text-zinc-900 sm:mb-0 dark:text-zinc-100">{f.value}</dd>
            </div>
          ))}
      </dl>
    </section>
  );
}

function Heading({ icon: Icon, tone, children }: { icon: typeof CheckCircle2; tone: 'ok' | 'warn' | 'bad' | 'neutral'; children: React.ReactNode }) {
  const colour = { ok: 'text-emerald-600 dark:text-emerald-400', warn: 'text-amber-600 dark:text-amber-400', bad: 'text-red-600 dark:text-red-400', neutral: 'text-zinc-500 dark:text-zinc-400' }[tone];
  return (
    <h1 className="flex items-start gap-2 text-xl font-semibold tracking-tight text-zinc-900 dark:text-zinc-100">
      <Icon className={`mt-0.5 size-5 shrink-0 ${colour}`} aria-hidden />
      <span>{children}</span>
    </h1>
  );
}

function OpenRequest({ request }: { request: LinkRequest | null }) {
  return (
    <div className="mt-6 flex justify-end">
      <ButtonLink href={request?.url ?? '/'} variant="secondary">
        {request ? 'Open the request' : 'Go to Opsdesk'}
      </ButtonLink>
    </div>
  );
}

function ConfirmForm({ token, view, onResult }: { token: string; view: Extract<LinkView, { state: 'ready' }>; onResult: (view: LinkView) => void }) {
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const reject = view.decision === 'reject';
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (reject && !comment.trim()) {
      setError('Say why you reject it: the requester sees your reason.');
      return;
    }
    startTransition(async () => {
      const result = await confirmEmailLinkAction(token, comment);
      if (result.error) {
        setError(result.error.message);
        if (result.error.path === 'form') toast.error(result.error.message);
        return;
      }
      if (result.view.state === 'done') toast.success(reject ? 'Rejected' : 'Approved');
      onResult(result.view);
    });
  };
  return (
    <form onSubmit={submit} className="mt-5 space-y-4" noValidate>
      <div>
        <label htmlFor="email-decision-comment" className="block text-sm font-medium">
          {reject ? (
            <>
              Reason <span className="text-red-600 dark:text-red-400">*</span>
            </>
          ) : (
            <>
              Comment <span className="font-normal text-zinc-600 dark:text-zinc-400">(optional)</span>
            </>
          )}
        </label>
        <textarea
          id="email-decision-comment"
          rows={3}
          maxLength={5000}
          required={reject}
          aria-invalid={error ? true : undefined}
          aria-describedby="email-decision-help"
          value={comment}
          onChange={(e) => {
            setComment(e.target.value);
            setError(null);
          }}
          className={`${inputClasses} mt-1`}
          placeholder={reject ? 'Why it cannot go ahead, and what to do instead' : 'Anything the requester or the next step should know'}
        />
        {error ? (
          <p id="email-decision-help" className="mt-1 text-sm text-red-700 dark:text-red-400">
            {error}
          </p>
        ) : (
          <p id="email-decision-help" className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
            {reject ? 'The requester sees your reason.' : 'Kept with your decision.'}
          </p>
        )}
      </div>
      {/* On a phone: the confirm button full width, the way out under it. */}
      <div className="flex flex-col-reverse items-stretch gap-2 sm:flex-row sm:flex-wrap sm:items-center sm:justify-end">
        <Link href={view.request.url} className="flex min-h-11 items-center justify-center text-sm text-zinc-700 underline-offset-2 hover:underline sm:min-h-0 dark:text-zinc-300">
          Open the request instead
        </Link>
        <Button type="submit" variant={reject ? 'danger' : 'primary'} disabled={pending}>
          {pending ? (reject ? 'Rejecting…' : 'Approving…') : reject ? 'Confirm rejection' : 'Confirm approval'}
        </Button>
      </div>
    </form>
  );
}

/** What an email link shows: the request and a confirm button, or what happened to it. */
export function EmailLinkScreen({ token, initial }: { token: string; initial: LinkView }) {
  const [view, setView] = useState<LinkView>(initial);
  return (
    <div className={CARD} data-testid="email-link" data-state={view.state}>
      <LinkBody token={token} view={view} onResult={setView} />
    </div>
  );
}

function LinkBody({ token, view, onResult }: { token: string; view: LinkView; onResult: (view: LinkView) => void }) {
  switch (view.state) {
    case 'invalid':
      return (
        <>
          <Heading icon={Link2Off} tone="neutral">This link is not valid</Heading>
          <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">Check that the whole link from the email was opened. Links in approval emails can also be decided from the inbox.</p>
          <OpenRequest request={null} />
        </>
      );
    case 'throttled':
      return (
        <>
          <Heading icon={Clock} tone="warn">Too many attempts</Heading>
          <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">Wait {Math.ceil(view.retryAfterSeconds / 60)} min and try again. Nothing was decided.</p>
        </>
      );
    case 'wrong_person':
      return (
        <>
          <Heading icon={ShieldAlert} tone="bad">This link is for {view.intendedName}</Heading>
          <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">
            You are signed in as {view.viewerName}. The link was not used and still works for {view.intendedName}: open it where they are signed in, or
            where nobody is.
          </p>
          <OpenRequest request={null} />
        </>
      );
    case 'ready': {
      const verb = view.decision === 'approve' ? 'Approve' : 'Reject';
      return (
        <>
          <Heading icon={view.decision === 'approve' ? CheckCircle2 : CircleX} tone={view.decision === 'approve' ? 'ok' : 'bad'}>
            {verb} {view.request.requesterName}’s request?
          </Heading>
          <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">
            As {view.approverName}
            {view.onBehalfOfName ? `, on behalf of ${view.onBehalfOfName}` : ''}. Nothing happens until you confirm. This link works once, until{' '}
            {formatterFor(view.request.format).dateTime(view.expiresAt)}.
          </p>
          <RequestSummary request={view.request} />
          <ConfirmForm token={token} view={view} onResult={onResult} />
        </>
      );
    }
    case 'done': {
      const outcome = view.decision === 'approve' ? 'approved' : 'rejected';
      return (
        <>
          <Heading icon={view.decision === 'approve' ? CheckCircle2 : CircleX} tone={view.decision === 'approve' ? 'ok' : 'bad'}>
            You {outcome} {view.request.requesterName}’s request
          </Heading>
          <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">
            {view.onBehalfOfName ? `On behalf of ${view.onBehalfOfName}. ` : ''}
            {view.final
              ? `The requester has been told.`
              : view.decision === 'approve'
                ? 'The request goes on to its next approver.'
                : 'The requester has been told.'}{' '}
            Recorded as decided from email.
          </p>
          <RequestSummary request={view.request} />
          <OpenRequest request={view.request} />
        </>
      );
    }
    case 'closed': {
      const format = formatterFor(view.request?.format);
      const heading =
        view.decidedBy && view.outcome
          ? `Already ${view.outcome} by ${view.decidedBy}${view.decidedAt ? ` at ${format.dateTime(view.decidedAt)}` : ''}`
          : view.reason === 'expired'
            ? `This link expired${view.decidedAt ? ` on ${format.dateTime(view.decidedAt)}` : ''}`
            : view.reason === 'restarted'
              ? 'The approval started again'
              : view.reason === 'withdrawn'
                ? 'Nothing left to decide'
                : view.reason === 'waiting'
                  ? 'Waiting for an answer'
                  : view.reason === 'refused'
                    ? 'You cannot decide this from here'
                    : 'This link has been used';
      const Icon = view.reason === 'refused' ? ShieldAlert : view.reason === 'expired' || view.reason === 'waiting' ? Clock : CircleAlert;
      return (
        <>
          <Heading icon={Icon} tone={view.reason === 'refused' ? 'bad' : 'neutral'}>
            {heading}
          </Heading>
          <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">{view.message} Nothing was changed by opening this link.</p>
          {view.request && <RequestSummary request={view.request} />}
          <OpenRequest request={view.request} />
        </>
      );
    }
  }
}
