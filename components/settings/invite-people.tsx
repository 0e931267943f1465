'use client';

import { Mail, Upload } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useRef, useState, useTransition } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Modal } from '@/components/ui/confirm-dialog';
import { Field, inputClasses } from '@/components/ui/field';
import { inviteCsvAction, inviteEmailsAction, type InviteRowResult } from '@/lib/actions/people-lifecycle';

const RESULT_WORDS: Record<InviteRowResult['status'], string> = { invited: 'Invited', reinvited: 'Invited again', failed: 'Not invited' };

/** "Invite people": emails typed in, or a CSV file (name, email, manager, roles); each row's result shown. */
export function InvitePeople() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <Mail className="size-4" aria-hidden />
        Invite people
      </Button>
      <Modal open={open} onOpenChange={setOpen} title="Invite people" description="Each gets an email with a link to set a password (valid 7 days, once). They start as employees; set managers and roles here.">
        {open && <InviteForm onDone={() => setOpen(false)} />}
      </Modal>
    </>
  );
}

function InviteForm({ onDone }: { onDone: () => void }) {
  const router = useRouter();
  const file = useRef<HTMLInputElement>(null);
  const [emails, setEmails] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [results, setResults] = useState<InviteRowResult[] | null>(null);
  const [pending, startTransition] = useTransition();

  const finish = (result: Awaited<ReturnType<typeof inviteEmailsAction>>) => {
    if (!result.ok) {
      setError(result.errors?.[0]?.message ?? result.error);
      return;
    }
    setResults(result.results);
    const sent = result.results.filter((r) => r.status !== 'failed').length;
    if (sent > 0) toast.success(`Invited ${sent} ${sent === 1 ? 'person' : 'people'}`);
    else toast.error('Nobody was invited');
    router.refresh();
  };

  const sendEmails = (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    startTransition(async () => finish(await inviteEmailsAction(emails)));
  };

  const sendCsv = (chosen: File | undefined) => {
    if (!chosen) return;
    setError(null);
    startTransition(async () => finish(await inviteCsvAction(await chosen.text())));
  };

  if (results) {
    return (
      <div className="space-y-4">
        <div className="max-h-80 overflow-y-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
          <table className="w-full text-left text-sm" data-testid="invite-results">
            <thead className="bg-zinc-50 text-xs text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">Email</th>
                <th scope="col" className="px-3 py-2 font-medium">Result</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {results.map((r, i) => (
                <tr key={`${r.email}-${i}`}>
                  <td className="px-3 py-2 break-all">
                    {r.line !== null && <span className="mr-1 text-xs text-zinc-500 dark:text-zinc-400">Line {r.line}:</span>}
                    {r.email || '—'}
                  </td>
                  <td className="px-3 py-2">
                    <span className={r.status === 'failed' ? 'text-red-700 dark:text-red-400' : 'text-emerald-800 dark:text-emerald-300'}>{RESULT_WORDS[r.status]}</span>
                    {r.error && <span className="block text-xs text-zinc-600 dark:text-zinc-400">{r.error}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="flex justify-end gap-2">
          <Button variant="ghost" onClick={() => setResults(null)}>
            Invite more
          </Button>
          <Button variant="primary" onClick={onDone}>
            Done
          </Button>
        </div>
      </div>
    );
  }

  return (
    <form onSubmit={sendEmails} className="space-y-4" noValidate>
      <Field id="invite-emails" label="Emails" help="One or more, separated by commas or new lines." error={error ?? undefined}>
        <textarea id="invite-emails" rows={4} value={emails} onChange={(e) => setEmails(e.target.value)} className={inputClasses} aria-describedby="invite-emails-help" placeholder="jane@example.com, sam@example.com" />
      </Field>
      <div className="rounded-md border border-dashed border-zinc-300 p-3 text-sm dark:border-zinc-700">
        <p className="font-medium">Or upload a CSV file</p>
        <p id="invite-csv-help" className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">
          Columns: name, email, manager (their email), roles (e.g. &quot;manager it&quot;). The first line names the columns.
        </p>
        <input ref={file} id="invite-csv" type="file" accept=".csv,text/csv" className="sr-only" aria-describedby="invite-csv-help" onChange={(e) => sendCsv(e.target.files?.[0])} />
        <Button size="sm" className="mt-2" disabled={pending} onClick={() => file.current?.click()}>
          <Upload className="size-4" aria-hidden />
          Choose a CSV file
        </Button>
      </div>
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" disabled={pending || emails.trim() === ''}>
          {pending ? 'Inviting…' : 'Send invitations'}
        </Button>
      </div>
    </form>
  );
}
