'use client';

import { ArrowLeft, Home } from 'lucide-react';
import { usePathname } from 'next/navigation';
import { ButtonLink } from '@/components/ui/button';
import { NAV_ITEMS } from './nav-items';

/** The way back from a page that is not there: to the list it was under (when there is one), and home. */
export function NotFoundLinks() {
  const pathname = usePathname() ?? '/';
  const section = `/${pathname.split('/')[1] ?? ''}`;
  const list = section !== '/' && pathname !== section ? NAV_ITEMS.find((item) => item.href === section) : undefined;
  return (
    <div className="flex flex-wrap justify-center gap-2">
      {list && (
        <ButtonLink href={list.href} variant="primary">
          <ArrowLeft className="size-4" aria-hidden /> Back to {list.label.toLowerCase()}
        </ButtonLink>
      )}
      <ButtonLink href="/" variant={list ? 'secondary' : 'primary'}>
        <Home className="size-4" aria-hidden /> Go to Home
      </ButtonLink>
    </div>
  );
}
