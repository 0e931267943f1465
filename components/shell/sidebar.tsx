'use client';

import { Code2, FileText, Home, Inbox, KeyRound, Laptop, ListTodo, Plane, Settings, Users } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { NavItem } from './nav-items';

const ICONS = { home: Home, inbox: Inbox, key: KeyRound, users: Users, laptop: Laptop, plane: Plane, list: ListTodo, code: Code2, settings: Settings, file: FileText };

/** The main navigation; `touch` gives every entry a 44 px height (the phone's drawer). */
export function Sidebar({ items, inboxCount, touch = false }: { items: NavItem[]; inboxCount: number; touch?: boolean }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-col gap-0.5">
      {items.map((item) => {
        const Icon = ICONS[item.icon];
        const active = item.href === '/' ? pathname === '/' : pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? 'page' : undefined}
            className={`flex items-center gap-2.5 rounded-md px-2.5 text-sm ${touch ? 'min-h-11' : 'py-1.5'} ${
              active
                ? 'bg-zinc-200/70 font-medium text-zinc-900 dark:bg-zinc-800 dark:text-white'
                : 'text-zinc-700 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800/60 dark:hover:text-white'
            }`}
          >
            <Icon className="size-4 shrink-0" aria-hidden />
            <span className="flex-1">{item.label}</span>
            {item.icon === 'inbox' && inboxCount > 0 && (
              <span className="rounded-full bg-accent-600 px-1.5 py-0.5 text-xs font-medium tabular-nums text-white" aria-label={`${inboxCount} waiting`}>
                {inboxCount}
              </span>
            )}
          </Link>
        );
      })}
    </nav>
  );
}
