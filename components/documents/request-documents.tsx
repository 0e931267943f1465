'use client';

import { Download, FilePlus2 } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { Button, buttonClasses } from '@/components/ui/button';
import { ConfirmButton } from './confirm-button';
import { GenerateDocumentDialog } from './generate-document-dialog';
import { revokeDocumentAction } from '@/lib/actions/documents';

export interface DocumentItem {
  id: string;
  title: string;
  issuedAt: string;
  issuedLabel: string;
  signerName: string;
  code: string;
  revoked: boolean;
  revokedLabel: string | null;
}

/** An HR request's documents: download for the requester and HR; generate, fulfil with and revoke for HR. */
export function RequestDocuments({
  hrRequestId,
  requestTitle,
  requesterName,
  documents,
  generate,
  canFulfil,
  canRevoke,
}: {
  hrRequestId: string;
  requestTitle: string;
  requesterName: string | null;
  documents: DocumentItem[];
  /** Whether the caller may generate, or why not (null: the button is not shown at all). */
  generate: { allowed: true } | { allowed: false; reason: string } | null;
  canFulfil: boolean;
  canRevoke: boolean;
}) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  const revoke = (id: string) =>
    startTransition(async () => {
      const result = await revokeDocumentAction(id, hrRequestId);
      if (!result.ok) toast.error(result.error);
      else {
        toast.success('Document revoked: its verification now says so.');
        router.refresh();
      }
    });

  return (
    <div className="space-y-3">
      {documents.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{generate ? 'No document yet. Generate it from the type’s template.' : 'No document yet.'}</p>
      ) : (
        <ul className="space-y-2" aria-label="Documents">
          {documents.map((doc) => (
            <li key={doc.id} className="rounded-lg border border-zinc-200 px-3 py-2 dark:border-zinc-800" data-testid="document-item">
              <div className="flex items-start justify-between gap-2">
                <div className="min-w-0">
                  <p className="truncate text-sm font-medium text-zinc-900 dark:text-zinc-100">{doc.title}</p>
                  <p className="text-xs text-zinc-600 dark:text-zinc-400">
                    Issued {doc.issuedLabel} · signed by {doc.signerName}
                  </p>
                  <p className="mt-0.5 font-mono text-xs text-zinc-700 dark:text-zinc-300">{doc.code}</p>
                </div>
                <span
                  className={`shrink-0 rounded-full px-2 py-0.5 text-xs font-medium ${doc.revoked ? 'bg-zinc-200 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200' : 'bg-green-100 text-green-800 dark:bg-green-950 dark:text-green-300'}`}
                >
                  {doc.revoked ? 'Revoked' : 'Valid'}
                </span>
              </div>
              {doc.revokedLabel && <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">Revoked {doc.revokedLabel}</p>}
              <div className="mt-2 flex flex-wrap gap-2">
                <a href={`/api/v1/documents/${doc.id}?download=1`} className={buttonClasses('secondary', 'sm')} download>
                  <Download className="size-3.5" aria-hidden />
                  Download PDF
                </a>
                {canRevoke && !doc.revoked && (
                  <ConfirmButton
                    label="Revoke"
                    title="Revoke this document?"
                    description="Anyone who checks its verification code will be told it is revoked. This cannot be undone; you can issue a new document."
                    confirmLabel="Revoke document"
                    disabled={pending}
                    onConfirm={() => revoke(doc.id)}
                  />
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {generate &&
        (generate.allowed ? (
          <Button variant={documents.some((d) => !d.revoked) ? 'secondary' : 'primary'} onClick={() => setOpen(true)} className="w-full">
            <FilePlus2 className="size-4" aria-hidden />
            {documents.length > 0 ? 'Generate a new document' : 'Generate document'}
          </Button>
        ) : (
          <p className="text-xs text-zinc-600 dark:text-zinc-400">{generate.reason}</p>
        ))}
      <GenerateDocumentDialog
        open={open}
        onOpenChange={setOpen}
        hrRequestId={hrRequestId}
        requestTitle={requestTitle}
        requesterName={requesterName}
        canFulfil={canFulfil}
      />
    </div>
  );
}
