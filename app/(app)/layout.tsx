import { connection } from 'next/server';
import Link from 'next/link';
import { CommandPalette, PaletteButton } from '@/components/palette/command-palette';
import { SearchBox } from '@/components/search/search-box';
import { FormatProvider } from '@/components/shell/format-provider';
import { MobileNav } from '@/components/shell/mobile-nav';
import { Sidebar } from '@/components/shell/sidebar';
import { UserMenu } from '@/components/shell/user-menu';
import { NotificationBell } from '@/components/notifications/notification-bell';
import { navFor } from '@/components/shell/nav-items';
import { requireUser } from '@/lib/auth/session';
import { contextForCaller } from '@/lib/data/database';
import { inboxCount } from '@/lib/operations/inbox';
import { recordTypes } from '@/lib/operations/registry';
import { screenFormatSettings } from '@/lib/preferences/screen-format';

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  await connection();
  const { user, caller } = await requireUser();
  const ctx = await contextForCaller(caller);
  const [count, { defaulted, ...format }] = await Promise.all([inboxCount(ctx), screenFormatSettings(ctx)]);
  const nav = navFor(user.roles);
  const fileTargets = recordTypes.filter((t) => t.name !== 'Pending').map((t) => ({ label: t.singular, href: `/${t.resource}/new` }));
  return (
    <FormatProvider settings={format} defaulted={defaulted}>
      <div className="flex min-h-dvh flex-col md:flex-row">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
          Skip to content
        </a>
        {/* The aside runs the page's full height (its background with it); its contents stay in view as the page scrolls. On a phone the navigation is a drawer. */}
        <aside className="hidden border-r border-zinc-200 bg-zinc-50 px-3 py-3 md:block md:w-60 md:shrink-0 dark:border-zinc-800 dark:bg-zinc-900">
          <div className="md:sticky md:top-3">
            <Link href="/" className="mb-4 flex items-center gap-2 px-2.5 text-sm font-semibold">
              <span className="flex size-6 items-center justify-center rounded-md bg-accent-600 text-xs text-white">O</span>
              Opsdesk
            </Link>
            <Sidebar items={nav} inboxCount={count} />
          </div>
        </aside>
        <div className="flex min-w-0 flex-1 flex-col">
          <header className="sticky top-0 z-30 flex h-14 items-center gap-1 border-b border-zinc-200 bg-white/95 px-2 backdrop-blur md:static md:gap-4 md:bg-transparent md:px-8 dark:border-zinc-800 dark:bg-zinc-950/95 md:dark:bg-transparent">
            <MobileNav items={nav} inboxCount={count} tenantName={user.tenantName} />
            <p className="min-w-0 flex-1 truncate text-sm text-zinc-600 md:flex-none dark:text-zinc-400">
              <span className="sr-only">Organisation: </span>
              <span className="font-medium text-zinc-900 dark:text-zinc-100" data-testid="tenant-name">{user.tenantName}</span>
            </p>
            <div className="hidden flex-1 justify-center md:flex">
              <SearchBox />
            </div>
            <div className="flex items-center gap-1">
              <PaletteButton />
              <NotificationBell />
              <UserMenu name={user.name} email={user.email} roles={[...user.roles]} />
            </div>
          </header>
          <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 md:px-8">
            {children}
          </main>
        </div>
      </div>
      <CommandPalette nav={nav} fileTargets={fileTargets} />
    </FormatProvider>
  );
}
