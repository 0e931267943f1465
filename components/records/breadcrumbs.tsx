import { ChevronRight } from 'lucide-react';
import Link from 'next/link';

export function Breadcrumbs({ items }: { items: { href?: string; label: string }[] }) {
  return (
    <nav aria-label="Breadcrumb" className="mb-2">
      <ol className="flex flex-wrap items-center gap-1 text-sm text-zinc-600 dark:text-zinc-400">
        {items.map((item, index) => (
          <li key={`${item.label}-${index}`} className="flex items-center gap-1">
            {index > 0 && <ChevronRight className="size-3.5 text-zinc-400" aria-hidden />}
            {item.href ? (
              <Link href={item.href} className="hover:text-zinc-900 hover:underline dark:hover:text-white">
                {item.label}
              </Link>
            ) : (
              <span aria-current="page" className={/^[a-z]{3}_[0-9A-Z]+$/.test(item.label) ? 'font-mono text-xs' : ''}>{item.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
