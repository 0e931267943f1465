'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Field, inputClasses } from '@/components/ui/field';
import { saveLetterheadAction } from '@/lib/actions/documents';

/** The letterhead every document carries: the organisation's address and logo (its name is the tenant's). */
export function LetterheadForm({ name, address, hasLogo }: { name: string; address: string; hasLogo: boolean }) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="space-y-4"
      action={(form) =>
        startTransition(async () => {
          const result = await saveLetterheadAction(form);
          if (!result.ok) {
            setErrors(Object.fromEntries((result.errors ?? []).map((e) => [e.path, e.message])));
            toast.error(result.error);
            return;
          }
          setErrors({});
          toast.success('Letterhead saved: new documents carry it.');
          router.refresh();
        })
      }
    >
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Printed at the top of every document under the name <span className="font-medium text-zinc-900 dark:text-zinc-100">{name}</span>.
      </p>
      <Field id="lh-address" label="Address" help="One line per row (at most four are printed)." error={errors.address}>
        <textarea id="lh-address" name="address" rows={3} defaultValue={address} maxLength={300} className={inputClasses} />
      </Field>
      <Field id="lh-logo" label="Logo" help="PNG or JPEG, at most 512 KB; printed at most 44 pt high." error={errors.logo}>
        <input id="lh-logo" name="logo" type="file" accept="image/png,image/jpeg" className="block w-full text-sm text-zinc-700 file:mr-3 file:rounded-md file:border file:border-zinc-300 file:bg-white file:px-3 file:py-1.5 file:text-sm dark:text-zinc-300 dark:file:border-zinc-700 dark:file:bg-zinc-900 dark:file:text-zinc-100" />
      </Field>
      {hasLogo && (
        <label className="flex items-center gap-2 text-sm text-zinc-800 dark:text-zinc-200">
          <input type="checkbox" name="remove_logo" className="size-4" />
          Remove the current logo
        </label>
      )}
      <div className="flex justify-end">
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? 'Saving…' : 'Save letterhead'}
        </Button>
      </div>
    </form>
  );
}
