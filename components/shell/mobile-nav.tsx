'use client';

import { Menu, X } from 'lucide-react';
import Link from 'next/link';
import { Dialog } from 'radix-ui';
import { useState } from 'react';
import type { NavItem } from './nav-items';
import { Sidebar } from './sidebar';

/** On a phone the navigation lives in a drawer (a Radix dialog) opened from the top bar; following a link closes it. */
export function MobileNav({ items, inboxCount, tenantName }: { items: NavItem[]; inboxCount: number; tenantName: string }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger
        className="relative flex size-11 items-center justify-center rounded-md text-zinc-700 hover:bg-zinc-100 md:hidden dark:text-zinc-300 dark:hover:bg-zinc-800"
        aria-label={inboxCount > 0 ? `Open navigation, ${inboxCount} waiting in your inbox` : 'Open navigation'}
        data-testid="mobile-nav-trigger"
      >
        <Menu className="size-5" aria-hidden />
        {inboxCount > 0 && <span className="absolute right-2 top-2 size-2 rounded-full bg-accent-600" aria-hidden />}
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-zinc-950/40 md:hidden" />
        <Dialog.Content
          className="fixed inset-y-0 left-0 z-50 flex w-72 max-w-[85vw] flex-col gap-4 overflow-y-auto border-r border-zinc-200 bg-zinc-50 p-3 shadow-xl md:hidden dark:border-zinc-800 dark:bg-zinc-900"
          aria-describedby={undefined}
        >
          <div className="flex items-center justify-between">
            <Link href="/" className="flex min-h-11 items-center gap-2 px-2.5 text-sm font-semibold">
              <span className="flex size-6 items-center justify-center rounded-md bg-accent-600 text-xs text-white">O</span>
              Opsdesk
            </Link>
            <Dialog.Close className="flex size-11 items-center justify-center rounded-md hover:bg-zinc-200/70 dark:hover:bg-zinc-800" aria-label="Close navigation">
              <X className="size-5" aria-hidden />
            </Dialog.Close>
          </div>
          <Dialog.Title className="px-2.5 text-xs font-semibold uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{tenantName}</Dialog.Title>
          {/* Following a link closes the drawer. */}
          <div onClick={(event) => (event.target as HTMLElement).closest('a') && setOpen(false)}>
            <Sidebar items={items} inboxCount={inboxCount} touch />
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
