import { ShieldAlert } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { Breadcrumbs } from '@/components/records/breadcrumbs';
import { LetterheadForm } from '@/components/documents/letterhead-form';
import { TemplateEditor } from '@/components/documents/template-editor';
import { ButtonLink } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader, Section } from '@/components/ui/page-header';
import { hasRole, isAdmin } from '@/lib/auth/caller';
import { requireUser } from '@/lib/auth/session';
import { contextForCaller } from '@/lib/data/database';
import { listPeople } from '@/lib/data/people';
import { readLetterhead } from '@/lib/documents/letterhead';
import { listTemplates, signatoryCandidates } from '@/lib/documents/templates';
import { humanize } from '@/lib/format';
import { screenFormatter } from '@/lib/preferences/screen-format';
import { HR_DOCUMENT_TYPES, type HrDocumentType } from '@/db/schema';

export const metadata: Metadata = { title: 'Document templates' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Document templates (HR, admins): one tab per HR request type, each with its editor and live preview; the letterhead. */
export default async function DocumentTemplatesPage({ searchParams }: Props) {
  await connection();
  const { caller } = await requireUser();
  if (!hasRole(caller, 'hr', 'admin')) {
    return (
      <div className="mx-auto max-w-xl pt-10" data-testid="forbidden">
        <EmptyState
          icon={ShieldAlert}
          title="Document templates are for HR and admins"
          description="HR writes the letters Opsdesk produces. Ask your HR team if a document should say something else."
          action={<ButtonLink href="/">Back to home</ButtonLink>}
        />
      </div>
    );
  }
  const raw = String((await searchParams).type ?? '');
  const type: HrDocumentType = (HR_DOCUMENT_TYPES as readonly string[]).includes(raw) ? (raw as HrDocumentType) : 'employment_letter';
  const ctx = await contextForCaller(caller);
  const [templates, everyone, people, letterhead, format] = await Promise.all([listTemplates(ctx), listPeople(ctx), signatoryCandidates(ctx), readLetterhead(ctx), screenFormatter(ctx)]);
  const template = templates.find((t) => t.type === type)!;
  const me = people.find((p) => p.id === caller.personId);
  const logo = letterhead.logo ? `data:${letterhead.logo.type};base64,${Buffer.from(letterhead.logo.bytes).toString('base64')}` : null;

  return (
    <div className="mx-auto max-w-6xl">
      {isAdmin(caller) && <Breadcrumbs items={[{ href: '/settings', label: 'Settings' }, { label: 'Document templates' }]} />}
      <PageHeader
        title="Document templates"
        description="The letter HR generates for each kind of HR request. Every save is a new version; each document keeps the version it was made from."
      />
      <nav aria-label="HR request types" className="mb-4 flex flex-wrap gap-1">
        {templates.map((t) => {
          const current = t.type === type;
          return (
            <Link
              key={t.type}
              href={`/settings/document-templates?type=${t.type}`}
              aria-current={current ? 'page' : undefined}
              className={`rounded-md px-3 py-1.5 text-sm ${current ? 'bg-zinc-900 font-medium text-white dark:bg-white dark:text-zinc-900' : 'text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800'}`}
            >
              {humanize(t.type)}
              {!t.is_default && <span className="sr-only"> (customised)</span>}
            </Link>
          );
        })}
      </nav>
      <div className="space-y-6">
        <Section title={humanize(type)}>
          <TemplateEditor
            key={`${type}:${template.version}`}
            template={{
              type,
              version: template.version,
              title: template.title,
              body: template.body,
              language: template.language,
              signer_id: template.signer_id,
              signer_title: template.signer_title,
              is_default: template.is_default,
              updated_label: template.updated_at ? `${format.dateTime(template.updated_at)}${template.updated_by ? ` by ${everyone.find((p) => p.id === template.updated_by)?.name ?? 'someone no longer here'}` : ''}` : null,
              placeholders: template.placeholders,
            }}
            people={people}
            me={{ id: caller.personId, name: me?.name ?? '', title: me?.title ?? null }}
            letterhead={{ name: letterhead.name, address: letterhead.address, logo }}
          />
        </Section>
        <Section title="Letterhead">
          <LetterheadForm name={letterhead.name} address={letterhead.address} hasLogo={!!logo} />
        </Section>
      </div>
    </div>
  );
}
