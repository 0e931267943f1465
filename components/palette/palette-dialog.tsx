'use client';

import { Command } from 'cmdk';
import { Check, CircleHelp, FilePlus2, Globe2, ListChecks, MessageCircleQuestion, MonitorSmartphone, Navigation, Search, X } from 'lucide-react';
import { usePathname, useRouter } from 'next/navigation';
import { Dialog } from 'radix-ui';
import { useState } from 'react';
import type { NavItem } from '@/components/shell/nav-items';
import { hitHref, SearchHitLine } from '@/components/search/search-hit';
import { useActiveDescendant } from '@/components/search/use-active-descendant';
import { useSearch } from '@/components/search/use-search';
import type { FileTarget } from './command-palette';

/** The inbox's own shortcuts, replayed on the focused item once the palette has closed (the inbox listens for them). */
const INBOX_ACTIONS = [
  { key: 'a', label: 'Approve the focused item', icon: Check },
  { key: 'r', label: 'Reject the focused item…', icon: X },
  { key: 'i', label: 'Ask the requester about the focused item…', icon: MessageCircleQuestion },
  { key: 'x', label: 'Select or clear the focused item', icon: ListChecks },
  { key: '?', label: 'Show the inbox keyboard shortcuts', icon: CircleHelp },
] as const;

const ITEM = 'flex min-h-11 cursor-pointer items-center gap-3 rounded-md px-2.5 py-2 text-sm text-zinc-800 data-[selected=true]:bg-zinc-100 md:min-h-0 dark:text-zinc-200 dark:data-[selected=true]:bg-zinc-800';
const GROUP =
  '[&_[cmdk-group-heading]]:px-2.5 [&_[cmdk-group-heading]]:pb-1 [&_[cmdk-group-heading]]:pt-3 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-semibold [&_[cmdk-group-heading]]:text-zinc-600 dark:[&_[cmdk-group-heading]]:text-zinc-400';

/**
 * The palette itself (cmdk in a Radix dialog), loaded when it is first wanted (command-palette.tsx): go
 * anywhere, file a request, jump to any record you may see (the same search as the top bar), and on the
 * inbox, act on the focused item. Keyboard only: arrows, Enter, Escape. Each opening mounts it afresh, with
 * an empty query.
 */
export default function PaletteDialog({
  open,
  onOpenChange: setOpen,
  nav,
  fileTargets,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  nav: NavItem[];
  fileTargets: FileTarget[];
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [q, setQ] = useState('');
  const { data, isFetching } = useSearch(q.trim().length >= 2 ? q : '');
  const [root, setRoot] = useState<HTMLDivElement | null>(null);
  useActiveDescendant(root);

  const run = (what: () => void) => {
    setOpen(false);
    what();
  };
  const go = (href: string) => run(() => (href.startsWith('mailto:') ? window.location.assign(href) : router.push(href)));
  const inboxKey = (key: string) =>
    run(() => {
      // After the dialog has closed and given focus back, the inbox hears the key as if it were pressed.
      setTimeout(() => document.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true })), 50);
    });

  const hits = q.trim().length >= 2 ? (data?.groups ?? []) : [];
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-50 bg-zinc-950/40" />
        <Dialog.Content
          className="fixed left-1/2 top-[12vh] z-50 w-[calc(100vw-1.5rem)] max-w-xl -translate-x-1/2 overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-2xl dark:border-zinc-800 dark:bg-zinc-900"
          aria-describedby={undefined}
          data-testid="command-palette"
        >
          <Dialog.Title className="sr-only">Command palette</Dialog.Title>
          <Command ref={setRoot} label="Command palette" loop>
            <div className="flex items-center gap-2 border-b border-zinc-200 px-3 dark:border-zinc-800">
              <Search className="size-4 shrink-0 text-zinc-500" aria-hidden />
              <Command.Input
                value={q}
                onValueChange={setQ}
                maxLength={200}
                placeholder="Type a command, a page, or search requests and people…"
                aria-label="Command or search"
                className="h-12 w-full bg-transparent text-sm placeholder:text-zinc-500 focus:outline-none"
              />
              <kbd className="rounded border border-zinc-300 px-1.5 text-[11px] text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">Esc</kbd>
            </div>
            <Command.List className="max-h-[60vh] overflow-y-auto p-1.5">
              <Command.Empty className="px-3 py-6 text-center text-sm text-zinc-600 dark:text-zinc-400">
                {isFetching ? 'Searching…' : 'Nothing matches. Try a destination, a system, a name or an id.'}
              </Command.Empty>
              {pathname === '/inbox' && (
                <Command.Group heading="Inbox" className={GROUP}>
                  {INBOX_ACTIONS.map(({ key, label, icon: Icon }) => (
                    <Command.Item key={key} value={`inbox ${label}`} onSelect={() => inboxKey(key)} className={ITEM}>
                      <Icon className="size-4 text-zinc-500" aria-hidden />
                      <span className="flex-1">{label}</span>
                      <kbd className="rounded border border-zinc-300 px-1.5 text-[11px] text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">{key}</kbd>
                    </Command.Item>
                  ))}
                </Command.Group>
              )}
              {hits.map((group) => (
                <Command.Group key={group.type} heading={group.label} className={GROUP} forceMount>
                  {group.data.map((hit) => (
                    // The query is part of the value, so cmdk's own filter keeps every server result.
                    <Command.Item key={hit.id} value={`${q} ${hit.id} ${hit.title}`} keywords={[q]} onSelect={() => go(hitHref(hit))} className={ITEM}>
                      <SearchHitLine hit={hit} />
                    </Command.Item>
                  ))}
                </Command.Group>
              ))}
              {q.trim().length >= 2 && (
                <Command.Item value={`${q} search all results`} keywords={[q]} onSelect={() => go(`/search?q=${encodeURIComponent(q.trim())}`)} className={ITEM}>
                  <Search className="size-4 text-zinc-500" aria-hidden />
                  <span>Search everything for “{q.trim()}”</span>
                </Command.Item>
              )}
              <Command.Group heading="File a request" className={GROUP}>
                {fileTargets.map((target) => (
                  <Command.Item key={target.href} value={`file new ${target.label}`} onSelect={() => go(target.href)} className={ITEM}>
                    <FilePlus2 className="size-4 text-zinc-500" aria-hidden />
                    <span>New {target.label.toLowerCase()}</span>
                  </Command.Item>
                ))}
              </Command.Group>
              <Command.Group heading="Go to" className={GROUP}>
                {nav.map((item) => (
                  <Command.Item key={item.href} value={`go to ${item.label}`} onSelect={() => go(item.href)} className={ITEM}>
                    <Navigation className="size-4 text-zinc-500" aria-hidden />
                    <span>{item.label}</span>
                  </Command.Item>
                ))}
                <Command.Item value="go to language and time zone preferences" onSelect={() => go('/preferences')} className={ITEM}>
                  <Globe2 className="size-4 text-zinc-500" aria-hidden />
                  <span>Language and time zone</span>
                </Command.Item>
                <Command.Item value="go to sessions and tokens" onSelect={() => go('/sessions')} className={ITEM}>
                  <MonitorSmartphone className="size-4 text-zinc-500" aria-hidden />
                  <span>Sessions and tokens</span>
                </Command.Item>
              </Command.Group>
            </Command.List>
          </Command>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
