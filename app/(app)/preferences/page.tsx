import type { Metadata } from 'next';
import { connection } from 'next/server';
import { LocaleForm } from '@/components/account/locale-form';
import { PageHeader, Section } from '@/components/ui/page-header';
import { requireUser } from '@/lib/auth/session';
import { contextForCaller } from '@/lib/data/database';
import { localeChoices, timeZoneChoices } from '@/lib/preferences/choices';
import { screenFormatSettings } from '@/lib/preferences/screen-format';

export const metadata: Metadata = { title: 'Language and time zone' };

/** User menu → "Language and time zone": the person's own locale and zone (GET/PUT /api/v1/me/preferences). */
export default async function PreferencesPage() {
  await connection();
  const { caller } = await requireUser();
  const settings = await screenFormatSettings(await contextForCaller(caller));
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader
        title="Language and time zone"
        description={`Dates, times and numbers on every screen follow these. Amounts are in your organisation’s currency (${settings.currency}).`}
      />
      <Section>
        <LocaleForm
          initial={{ locale: settings.locale, time_zone: settings.timeZone }}
          currency={settings.currency}
          sampleAmount={4200}
          locales={localeChoices(settings.locale)}
          zones={timeZoneChoices(settings.timeZone)}
        />
      </Section>
    </div>
  );
}
