'use client';

import { createContext, useContext, useEffect, useMemo, useRef } from 'react';
import { useRouter } from 'next/navigation';
import { adoptBrowserPreferencesAction } from '@/lib/actions/preferences';
import { DEFAULT_FORMAT, formatterFor, type FormatSettings, type Formatter } from '@/lib/format';

const FormatContext = createContext<FormatSettings>(DEFAULT_FORMAT);

/**
 * The person's locale, time zone and the tenant's currency for every client component below (one provider,
 * in the app layout). While the person has chosen nothing, their browser's own locale and zone are saved
 * once (never over a choice) and the page re-renders in them.
 */
export function FormatProvider({ settings, defaulted, children }: { settings: FormatSettings; defaulted: boolean; children: React.ReactNode }) {
  const router = useRouter();
  const tried = useRef(false);
  useEffect(() => {
    if (!defaulted || tried.current) return;
    tried.current = true;
    const locale = navigator.languages?.[0] ?? navigator.language;
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    void adoptBrowserPreferencesAction({ locale, time_zone: timeZone }).then((adopted) => {
      if (adopted) router.refresh();
    });
  }, [defaulted, router]);
  const value = useMemo(() => settings, [settings.locale, settings.timeZone, settings.currency]); // eslint-disable-line react-hooks/exhaustive-deps
  return <FormatContext.Provider value={value}>{children}</FormatContext.Provider>;
}

/** Formats in the person's locale and zone, and money in the tenant's currency. */
export function useFormat(): Formatter {
  const settings = useContext(FormatContext);
  return useMemo(() => formatterFor(settings), [settings]);
}
