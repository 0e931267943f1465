'use client';

import { Search } from 'lucide-react';
import dynamic from 'next/dynamic';
import { useEffect, useRef, useState } from 'react';
import type { NavItem } from '@/components/shell/nav-items';
import { whenIdle } from '@/components/ui/when-idle';

export interface FileTarget {
  label: string;
  href: string;
}

const loadDialog = () => import('./palette-dialog');
const PaletteDialog = dynamic(loadDialog, { ssr: false });

/**
 * ⌘K / Ctrl+K (and the phone's search button) open the command palette. Only this listener is part of every
 * page's first load: the palette (cmdk in a Radix dialog, palette-dialog.tsx) is fetched once the page is
 * idle, or at the first ⌘K if that comes sooner (issue 13: the shell's first-load JavaScript).
 */
export function CommandPalette({ nav, fileTargets }: { nav: NavItem[]; fileTargets: FileTarget[] }) {
  const [open, setOpen] = useState(false);
  const openRef = useRef(false);
  // Each opening mounts the palette afresh (an empty query): the count is its key.
  const [openings, setOpenings] = useState(0);

  useEffect(() => {
    const show = (next: boolean) => {
      openRef.current = next;
      if (next) setOpenings((n) => n + 1);
      setOpen(next);
    };
    const onKey = (event: KeyboardEvent) => {
      if ((event.metaKey || event.ctrlKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        show(!openRef.current);
      }
    };
    const onOpen = () => show(true);
    document.addEventListener('keydown', onKey);
    window.addEventListener('opsdesk:palette', onOpen);
    const cancelPrefetch = whenIdle(() => void loadDialog());
    return () => {
      document.removeEventListener('keydown', onKey);
      window.removeEventListener('opsdesk:palette', onOpen);
      cancelPrefetch();
    };
  }, []);

  if (openings === 0) return null;
  return (
    <PaletteDialog
      key={openings}
      open={open}
      onOpenChange={(next) => {
        openRef.current = next;
        setOpen(next);
      }}
      nav={nav}
      fileTargets={fileTargets}
    />
  );
}

/** A button that opens the palette (the phone's search). */
export function PaletteButton() {
  return (
    <button
      type="button"
      onClick={() => window.dispatchEvent(new Event('opsdesk:palette'))}
      className="flex size-11 items-center justify-center rounded-md text-zinc-700 hover:bg-zinc-100 md:hidden dark:text-zinc-300 dark:hover:bg-zinc-800"
      aria-label="Search and commands"
      data-testid="mobile-search"
    >
      <Search className="size-5" aria-hidden />
    </button>
  );
}
