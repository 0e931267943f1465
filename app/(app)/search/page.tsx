import { SearchX } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { hitHref, SearchHitLine } from '@/components/search/search-hit';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/auth/session';
import { contextForCaller } from '@/lib/data/database';
import { isAppError } from '@/lib/errors';
import { MAX_QUERY, searchEverything, type SearchResult } from '@/lib/search/search';

export const metadata: Metadata = { title: 'Search' };

/** Every group of GET /search for the query in the URL, twenty a group, with a link to each type's full list. */
export default async function SearchPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const { caller } = await requireUser();
  const raw = (await searchParams).q;
  const q = (typeof raw === 'string' ? raw : '').trim().slice(0, MAX_QUERY);
  let result: SearchResult | null = null;
  let error: string | null = null;
  if (q) {
    try {
      result = await searchEverything(await contextForCaller(caller), { q, limit: '20' });
    } catch (e) {
      if (!isAppError(e)) throw e;
      error = e.errors?.map((x) => x.message).join('; ') ?? e.message;
    }
  }
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader title="Search" description="Requests of every type you may see, and the people of your organisation. Paste an id to jump to it." />
      <form role="search" action="/search" className="flex gap-2">
        <label htmlFor="search-page-q" className="sr-only">Search</label>
        <input
          id="search-page-q"
          name="q"
          type="search"
          defaultValue={q}
          maxLength={MAX_QUERY}
          placeholder="A destination, a system, a name, an id…"
          className="h-11 w-full rounded-md border border-zinc-300 bg-white px-3 text-sm dark:border-zinc-700 dark:bg-zinc-900 md:h-9"
        />
        <button type="submit" className="h-11 rounded-md bg-accent-600 px-4 text-sm font-medium text-white hover:bg-accent-700 md:h-9">Search</button>
      </form>
      {error && <p className="text-sm text-red-700 dark:text-red-400" role="alert">{error}</p>}
      {!q && <p className="text-sm text-zinc-600 dark:text-zinc-400">Tip: press Ctrl K (⌘K on a Mac) anywhere to search, jump to a page or file a request.</p>}
      {result && result.groups.length === 0 && (
        <EmptyState icon={SearchX} title={`Nothing you can see matches “${q}”`} description="Try fewer words, a destination, a system name, or a person’s email." />
      )}
      {result?.groups.map((group) => (
        <section key={group.type} aria-labelledby={`group-${group.type}`} className="rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950">
          <header className="flex items-center justify-between border-b border-zinc-200 px-4 py-2.5 dark:border-zinc-800">
            <h2 id={`group-${group.type}`} className="text-sm font-semibold text-zinc-900 dark:text-white">
              {group.label}
            </h2>
            {group.url && group.has_more && (
              <Link href={group.url} className="text-sm text-accent-700 hover:underline dark:text-accent-100">
                All matching {group.label.toLowerCase()}
              </Link>
            )}
          </header>
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800/70" data-testid={`search-group-${group.type}`}>
            {group.data.map((hit) => (
              <li key={hit.id}>
                <a href={hitHref(hit)} className="flex min-h-11 items-center px-4 py-2.5 hover:bg-zinc-50 dark:hover:bg-zinc-900/60">
                  <SearchHitLine hit={hit} />
                </a>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
