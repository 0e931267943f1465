import type { Metadata } from 'next';
import { connection } from 'next/server';
import { EmailLinkScreen } from '@/components/email-actions/email-link-screen';
import { emailLinkViewer, requestAddress } from '@/lib/auth/email-link-viewer';
import { describeEmailLink } from '@/lib/notifications/email-decisions';

export const metadata: Metadata = {
  title: 'Decide from email',
  robots: { index: false, follow: false },
  referrer: 'no-referrer',
};

/**
 * An approve or reject link from an approver's email. Needs no sign-in; opening it only shows the request
 * and a confirm button (a mail scanner fetching the link changes nothing). Outside the signed-in layout.
 */
export default async function EmailActionPage({ params }: { params: Promise<{ token: string }> }) {
  await connection();
  const { token } = await params;
  const view = await describeEmailLink(token, await emailLinkViewer(), { address: await requestAddress() });
  return (
    <main className="flex min-h-dvh justify-center bg-zinc-50 px-4 py-10 sm:py-16 dark:bg-zinc-900">
      <div className="w-full max-w-lg">
        <div className="mb-6 flex items-center gap-2">
          <div className="flex size-8 items-center justify-center rounded-lg bg-accent-600 text-sm font-semibold text-white" aria-hidden>
            O
          </div>
          <span className="text-sm font-medium text-zinc-700 dark:text-zinc-300">Opsdesk</span>
        </div>
        <EmailLinkScreen token={token} initial={view} />
      </div>
    </main>
  );
}
