import { CircleCheck, CircleSlash, SearchX } from 'lucide-react';
import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { connection } from 'next/server';
import { VerifyForm } from '@/components/documents/verify-form';
import { VerifyShell } from '@/components/documents/verify-shell';
import { findVerification, throttleVerification, type Verification } from '@/lib/documents/verify';
import { isAppError } from '@/lib/errors';
import { formatLetterDate } from '@/lib/documents/languages';
import { humanize } from '@/lib/format';
import { stampedClientAddress } from '@/lib/http/client-address';
import { localeFromAcceptLanguage } from '@/lib/preferences/locale';

export const metadata: Metadata = { title: 'Document verification', robots: { index: false } };

type Props = { params: Promise<{ code: string }> };

function Result({ found, locale }: { found: Verification; locale: string }) {
  const valid = found.status === 'valid';
  return (
    <section
      aria-labelledby="verdict"
      className={`rounded-xl border bg-white p-6 shadow-sm dark:bg-zinc-950 ${valid ? 'border-green-300 dark:border-green-800' : 'border-red-300 dark:border-red-800'}`}
    >
      <div className="flex items-start gap-3">
        {valid ? <CircleCheck className="mt-0.5 size-7 shrink-0 text-green-700 dark:text-green-400" aria-hidden /> : <CircleSlash className="mt-0.5 size-7 shrink-0 text-red-700 dark:text-red-400" aria-hidden />}
        <div>
          <h1 id="verdict" className="text-xl font-semibold tracking-tight text-zinc-900 dark:text-white" data-testid="verdict">
            {valid ? 'Valid document' : 'This document has been revoked'}
          </h1>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            {valid ? `Issued through Opsdesk by ${found.issuer} and not revoked.` : `${found.issuer} has withdrawn it: do not rely on it.`}
          </p>
        </div>
      </div>
      {/* On a phone each label sits on its value, the pairs apart; side by side from sm up. */}
      <dl className="mt-5 grid grid-cols-1 gap-x-6 gap-y-0.5 border-t border-zinc-200 pt-5 text-sm max-sm:[&>dd]:mb-3 sm:grid-cols-[auto_1fr] sm:gap-y-3 dark:border-zinc-800">
        <dt className="text-zinc-600 dark:text-zinc-400">Issued by</dt>
        <dd className="font-medium text-zinc-900 dark:text-zinc-100">{found.issuer}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Document</dt>
        <dd className="font-medium text-zinc-900 dark:text-zinc-100">{humanize(found.document_type)}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Issued to</dt>
        <dd className="font-medium text-zinc-900 dark:text-zinc-100" data-testid="person-name">{found.person_name}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Issued on</dt>
        <dd className="font-medium text-zinc-900 dark:text-zinc-100">{formatLetterDate(found.issued_at, locale)}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Status</dt>
        <dd className={`font-medium ${valid ? 'text-green-800 dark:text-green-300' : 'text-red-800 dark:text-red-300'}`}>{valid ? 'Valid' : 'Revoked'}</dd>
      </dl>
    </section>
  );
}

function Problem({ title, text, code }: { title: string; text: string; code: string }) {
  return (
    <section className="rounded-xl border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-950">
      <div className="mb-4 flex items-start gap-3">
        <SearchX className="mt-0.5 size-7 shrink-0 text-zinc-500" aria-hidden />
        <div>
          <h1 className="text-xl font-semibold tracking-tight text-zinc-900 dark:text-white" data-testid="verdict">
            {title}
          </h1>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{text}</p>
        </div>
      </div>
      <VerifyForm defaultValue={code} />
    </section>
  );
}

/** Public: what the code on a document says about it — and nothing more (engine.md §7). */
export default async function VerifyCodePage({ params }: Props) {
  await connection();
  const raw = (await params).code;
  let code: string;
  try {
    code = decodeURIComponent(raw).slice(0, 64);
  } catch {
    code = raw.slice(0, 64); // a malformed escape is simply not a code
  }
  let found: Verification | null;
  const requestHeaders = await headers();
  // The visitor has no account: their browser's language; the day as the document itself prints it (UTC).
  const locale = localeFromAcceptLanguage(requestHeaders.get('accept-language')) ?? 'en';
  try {
    await throttleVerification(stampedClientAddress(requestHeaders));
    found = await findVerification(code);
  } catch (error) {
    if (!isAppError(error) || error.kind !== 'rate_limited') throw error;
    return (
      <VerifyShell>
        <Problem title="Too many checks from here" text={`${error.message} This limit keeps codes from being guessed.`} code={code} />
      </VerifyShell>
    );
  }
  return (
    <VerifyShell>
      {found ? (
        <Result found={found} locale={locale} />
      ) : (
        <Problem title="No document has this code" text="Check the code against the document: it has four groups of five letters and digits. If it is right, the document was not issued through Opsdesk." code={code} />
      )}
    </VerifyShell>
  );
}
