'use client';

import { useState } from 'react';
import { OutOfOfficeDialog } from '@/components/account/out-of-office-dialog';
import { Button } from '@/components/ui/button';

/** An admin's "Set out of office for …" on a person's row: for someone off sick who cannot set it themselves. */
export function OutOfOfficeFor({ person }: { person: { id: string; name: string } }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="sm" variant="ghost" onClick={() => setOpen(true)} aria-label={`Set out of office for ${person.name}`} title={`Set out of office for ${person.name}`}>
        Out of office…
      </Button>
      <OutOfOfficeDialog person={person} open={open} onOpenChange={setOpen} />
    </>
  );
}
