'use client';

import { BellRing, Globe2, LogOut, MonitorSmartphone, Plane } from 'lucide-react';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { DropdownMenu } from 'radix-ui';
import { useState } from 'react';

// Fetched when first wanted, not with every page (issue 13: the shell's first-load JavaScript).
const OutOfOfficeDialog = dynamic(() => import('@/components/account/out-of-office-dialog').then((m) => m.OutOfOfficeDialog), { ssr: false });
const signOut = async () => (await import('next-auth/react')).signOut({ callbackUrl: '/signin' });

export function UserMenu({ name, email, roles }: { name: string; email: string; roles: string[] }) {
  const initials = name.split(' ').map((p) => p[0]).join('').slice(0, 2).toUpperCase();
  const [awayOpen, setAwayOpen] = useState(false);
  const [awayWanted, setAwayWanted] = useState(false);
  return (
    <>
      <DropdownMenu.Root>
        <DropdownMenu.Trigger
          className="flex items-center gap-2 rounded-md px-1.5 py-1 text-sm hover:bg-zinc-100 max-md:size-11 max-md:justify-center dark:hover:bg-zinc-800"
          aria-label={`Account menu for ${name}`}
        >
          <span className="flex size-7 items-center justify-center rounded-full bg-accent-100 text-xs font-semibold text-accent-700 dark:bg-accent-700 dark:text-white">{initials}</span>
          <span className="hidden font-medium sm:inline">{name}</span>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content align="end" sideOffset={6} className="z-50 min-w-56 rounded-lg border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-800 dark:bg-zinc-900">
            <div className="px-2.5 py-2">
              <p className="text-sm font-medium">{name}</p>
              <p className="text-xs text-zinc-600 dark:text-zinc-400">{email}</p>
              <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">Roles: {roles.join(', ')}</p>
            </div>
            <DropdownMenu.Separator className="my-1 h-px bg-zinc-200 dark:bg-zinc-800" />
            <DropdownMenu.Item
              onSelect={() => {
                setAwayWanted(true);
                setAwayOpen(true);
              }}
              className="flex cursor-pointer items-center gap-2 rounded-md px-2.5 py-1.5 text-sm outline-none data-[highlighted]:bg-zinc-100 dark:data-[highlighted]:bg-zinc-800"
            >
              <Plane className="size-4" aria-hidden /> Out of office…
            </DropdownMenu.Item>
            <DropdownMenu.Item asChild className="flex cursor-pointer items-center gap-2 rounded-md px-2.5 py-1.5 text-sm outline-none data-[highlighted]:bg-zinc-100 dark:data-[highlighted]:bg-zinc-800">
              <Link href="/sessions">
                <MonitorSmartphone className="size-4" aria-hidden /> Sessions and tokens
              </Link>
            </DropdownMenu.Item>
            <DropdownMenu.Item asChild className="flex cursor-pointer items-center gap-2 rounded-md px-2.5 py-1.5 text-sm outline-none data-[highlighted]:bg-zinc-100 dark:data-[highlighted]:bg-zinc-800">
              <Link href="/preferences">
                <Globe2 className="size-4" aria-hidden /> Language and time zone
              </Link>
            </DropdownMenu.Item>
            <DropdownMenu.Item asChild className="flex cursor-pointer items-center gap-2 rounded-md px-2.5 py-1.5 text-sm outline-none data-[highlighted]:bg-zinc-100 dark:data-[highlighted]:bg-zinc-800">
              <Link href="/notifications/preferences">
                <BellRing className="size-4" aria-hidden /> Notification preferences
              </Link>
            </DropdownMenu.Item>
            <DropdownMenu.Item
              onSelect={() => void signOut()}
              className="flex cursor-pointer items-center gap-2 rounded-md px-2.5 py-1.5 text-sm outline-none data-[highlighted]:bg-zinc-100 dark:data-[highlighted]:bg-zinc-800"
            >
              <LogOut className="size-4" aria-hidden /> Sign out
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      {awayWanted && <OutOfOfficeDialog person={null} open={awayOpen} onOpenChange={setAwayOpen} />}
    </>
  );
}
