'use client';

import { AlertTriangle, ExternalLink, FileText } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useEffect, useState, useTransition } from 'react';
import { toast } from 'sonner';
import { Modal } from '@/components/ui/confirm-dialog';
import { Button, buttonClasses } from '@/components/ui/button';
import { Skeleton } from '@/components/ui/skeleton';
import { documentDraftAction, fulfilWithDocumentAction, generateDocumentAction } from '@/lib/actions/documents';

type Draft = { title: string; templateVersion: number; isDefault: boolean; signerName: string; signerTitle: string | null; missing: string[] };
type Issued = { id: string; url: string; verification_code: string };

/**
 * "Generate document" on an HR request (its detail page and the inbox's desk task): what the template
 * will print and who signs, then the generated PDF itself, then "Fulfil with this document" — one step.
 */
export function GenerateDocumentDialog({
  open,
  onOpenChange,
  hrRequestId,
  requestTitle,
  requesterName,
  canFulfil,
  onFulfilled,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  hrRequestId: string;
  requestTitle: string;
  requesterName: string | null;
  canFulfil: boolean;
  onFulfilled?: () => void;
}) {
  return (
    <Modal
      open={open}
      onOpenChange={onOpenChange}
      wide
      title={`Generate document for “${requestTitle}”`}
      description={requesterName ? `For ${requesterName}. The PDF carries your letterhead, the signer and a verification code.` : undefined}
    >
      {open && <GenerateFlow hrRequestId={hrRequestId} canFulfil={canFulfil} onClose={() => onOpenChange(false)} onFulfilled={onFulfilled} />}
    </Modal>
  );
}

function GenerateFlow({ hrRequestId, canFulfil, onClose, onFulfilled }: { hrRequestId: string; canFulfil: boolean; onClose: () => void; onFulfilled?: () => void }) {
  const router = useRouter();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [issued, setIssued] = useState<Issued | null>(null);
  const [pending, startTransition] = useTransition();

  useEffect(() => {
    let live = true;
    documentDraftAction(hrRequestId).then((result) => {
      if (!live) return;
      if (result.ok) setDraft(result);
      else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [hrRequestId]);

  const generate = () =>
    startTransition(async () => {
      const result = await generateDocumentAction(hrRequestId);
      if (!result.ok) {
        toast.error(result.error);
        return;
      }
      setIssued(result.document);
      toast.success('Document generated. Check it, then fulfil the request with it.');
      router.refresh();
    });

  const fulfil = () =>
    startTransition(async () => {
      const result = await fulfilWithDocumentAction(hrRequestId);
      if (!result.ok) {
        toast.error(result.error);
        return;
      }
      toast.success('Request fulfilled: the requester can download the document now.');
      onFulfilled?.();
      onClose();
      router.refresh();
    });

  if (error) return <p className="text-sm text-red-700 dark:text-red-400">{error}</p>;
  if (!draft) {
    return (
      <div className="space-y-2" aria-busy="true" aria-label="Loading the template">
        <Skeleton className="h-5 w-2/3" />
        <Skeleton className="h-4 w-1/2" />
      </div>
    );
  }

  if (issued) {
    const pdfPath = `/api/v1/documents/${issued.id}`;
    return (
      <div className="space-y-4">
        <iframe
          title="The generated document"
          src={pdfPath}
          className="h-[55vh] w-full rounded-md border border-zinc-200 bg-zinc-100 dark:border-zinc-800 dark:bg-zinc-800"
        />
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Verification code <span className="font-mono font-medium text-zinc-900 dark:text-zinc-100" data-testid="verification-code">{issued.verification_code}</span>
        </p>
        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <a href={pdfPath} target="_blank" rel="noreferrer" className={buttonClasses('ghost')}>
            <ExternalLink className="size-4" aria-hidden />
            Open in a new tab
          </a>
          <Button onClick={onClose}>{canFulfil ? 'Keep without fulfilling' : 'Done'}</Button>
          {canFulfil && (
            <Button variant="primary" onClick={fulfil} disabled={pending}>
              {pending ? 'Fulfilling…' : 'Fulfil with this document'}
            </Button>
          )}
        </div>
      </div>
    );
  }

  return (
    <div className="space-y-4">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
        <dt className="text-zinc-600 dark:text-zinc-400">Document</dt>
        <dd className="font-medium text-zinc-900 dark:text-zinc-100">
          <FileText className="mr-1 inline size-4 align-text-bottom text-zinc-500" aria-hidden />
          {draft.title}
        </dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Template</dt>
        <dd className="text-zinc-800 dark:text-zinc-200">{draft.isDefault ? 'Built-in default' : `Version ${draft.templateVersion}`}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Signed by</dt>
        <dd className="text-zinc-800 dark:text-zinc-200">
          {draft.signerName}
          {draft.signerTitle ? `, ${draft.signerTitle}` : ''}
        </dd>
      </dl>
      {draft.missing.length > 0 && (
        <div role="note" className="flex gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200">
          <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden />
          <p>
            Nothing is on record for {draft.missing.join(', ')}: the document will leave {draft.missing.length === 1 ? 'it' : 'them'} blank. An admin can add a
            person’s title and start date in Settings → People.
          </p>
        </div>
      )}
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onClose}>
          Cancel
        </Button>
        <Button variant="primary" onClick={generate} disabled={pending}>
          {pending ? 'Generating…' : 'Generate document'}
        </Button>
      </div>
    </div>
  );
}
