'use client';

import { FileDown } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useRef, useState, useTransition } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Field, inputClasses } from '@/components/ui/field';
import { previewTemplatePdfAction, saveTemplateAction } from '@/lib/actions/documents';
import { DOCUMENT_LANGUAGES, formatLetterDate } from '@/lib/documents/languages';
import { fillPlaceholders, placeholderErrors, type PlaceholderValues } from '@/lib/documents/placeholders';
import { LetterPreview } from './letter-preview';

export interface EditorTemplate {
  type: string;
  version: number;
  title: string;
  body: string;
  language: string;
  signer_id: string | null;
  signer_title: string | null;
  is_default: boolean;
  updated_label: string | null;
  placeholders: { name: string; description: string }[];
}

export interface EditorPerson {
  id: string;
  name: string;
  title: string | null;
}

const SAMPLE_PERSON = { name: 'Zoë Müller-Łukasiewicz', title: 'Senior Software Engineer', email: 'zoe.mueller@example.com', startedOn: '2021-03-01' };

/** One type's template: title, text, language and signatory, the placeholders, and a live preview. */
export function TemplateEditor({
  template,
  people,
  me,
  letterhead,
}: {
  template: EditorTemplate;
  people: EditorPerson[];
  me: EditorPerson;
  letterhead: { name: string; address: string; logo: string | null };
}) {
  const router = useRouter();
  const [title, setTitle] = useState(template.title);
  const [body, setBody] = useState(template.body);
  const [language, setLanguage] = useState(template.language);
  const [signerId, setSignerId] = useState(template.signer_id ?? '');
  const [signerTitle, setSignerTitle] = useState(template.signer_title ?? '');
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [pdfUrl, setPdfUrl] = useState<string | null>(null);
  const [saving, startSaving] = useTransition();
  const [rendering, startRendering] = useTransition();
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const focused = useRef<'title' | 'body'>('body');
  // Where the cursor was in the text when it lost focus (clicking a placeholder button blurs it).
  const caret = useRef<{ start: number; end: number } | null>(null);
  const rememberCaret = (e: React.SyntheticEvent<HTMLTextAreaElement>) => {
    caret.current = { start: e.currentTarget.selectionStart, end: e.currentTarget.selectionEnd };
  };

  useEffect(() => () => void (pdfUrl && URL.revokeObjectURL(pdfUrl)), [pdfUrl]);

  const liveErrors = useMemo(() => {
    const errors: Record<string, string> = {};
    for (const e of [...placeholderErrors('title', title), ...placeholderErrors('body', body)]) errors[e.path] ??= e.message;
    return errors;
  }, [title, body]);
  const errors = { ...serverErrors, ...liveErrors };

  const signer = people.find((p) => p.id === signerId);
  const signerName = signer ? signer.name : me.name;
  const shownSignerTitle = signer ? signerTitle || signer.title : me.title;
  const values: PlaceholderValues = {
    'person.name': SAMPLE_PERSON.name,
    'person.title': SAMPLE_PERSON.title,
    'person.started_on': formatLetterDate(SAMPLE_PERSON.startedOn, language),
    'person.email': SAMPLE_PERSON.email,
    'tenant.name': letterhead.name,
    'tenant.address': letterhead.address.replace(/\s*\n\s*/g, ', '),
    'request.description': 'An employment letter for my apartment rental application.',
    today: formatLetterDate(new Date(), language),
    'signer.name': signerName,
    'signer.title': shownSignerTitle ?? '',
  };
  const input = () => ({ title, body, language, signer_id: signerId || null, signer_title: signerId ? signerTitle || null : null });

  const insert = (name: string) => {
    if (focused.current === 'title') {
      setTitle((t) => `${t}${name}`);
      return;
    }
    const area = bodyRef.current;
    const start = Math.min(caret.current?.start ?? body.length, body.length);
    const end = Math.min(caret.current?.end ?? body.length, body.length);
    caret.current = { start: start + name.length, end: start + name.length };
    const next = `${body.slice(0, start)}${name}${body.slice(end)}`;
    setBody(next);
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(start + name.length, start + name.length);
    });
  };

  const save = () =>
    startSaving(async () => {
      const result = await saveTemplateAction(template.type, input());
      if (!result.ok) {
        setServerErrors(Object.fromEntries((result.errors ?? []).map((e) => [e.path, e.message])));
        toast.error(result.error);
        return;
      }
      setServerErrors({});
      toast.success(`Saved as version ${result.template.version}. New documents use it; issued ones keep theirs.`);
      router.refresh();
    });

  const renderPdf = () =>
    startRendering(async () => {
      const result = await previewTemplatePdfAction(template.type, input());
      if (!result.ok) {
        toast.error(result.error);
        return;
      }
      const bytes = Uint8Array.from(atob(result.pdf), (c) => c.charCodeAt(0));
      setPdfUrl(URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' })));
    });

  const invalid = Object.keys(liveErrors).length > 0;
  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
      <div className="space-y-4">
        <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="template-version">
          {template.is_default ? 'Built-in default (never saved)' : `Version ${template.version}${template.updated_label ? `, saved ${template.updated_label}` : ''}`}
        </p>
        <Field id="tpl-title" label="Title" required error={errors.title}>
          <input
            id="tpl-title"
            className={inputClasses}
            value={title}
            maxLength={200}
            onFocus={() => (focused.current = 'title')}
            onChange={(e) => setTitle(e.target.value)}
            aria-invalid={errors.title ? true : undefined}
            aria-describedby={errors.title ? 'tpl-title-error' : undefined}
          />
        </Field>
        <Field id="tpl-body" label="Text" required help="A blank line starts a new paragraph. Click a placeholder below to insert it where the cursor is." error={errors.body}>
          <textarea
            id="tpl-body"
            ref={bodyRef}
            rows={14}
            className={`${inputClasses} font-mono text-[13px] leading-relaxed`}
            value={body}
            maxLength={10000}
            onFocus={() => (focused.current = 'body')}
            onChange={(e) => {
              setBody(e.target.value);
              rememberCaret(e);
            }}
            onSelect={rememberCaret}
            onKeyUp={rememberCaret}
            onMouseUp={rememberCaret}
            onBlur={rememberCaret}
            aria-invalid={errors.body ? true : undefined}
            aria-describedby={errors.body ? 'tpl-body-help tpl-body-error' : 'tpl-body-help'}
          />
        </Field>
        <div>
          <p className="text-sm font-medium text-zinc-900 dark:text-zinc-100" id="placeholders-label">
            Placeholders
          </p>
          <ul className="mt-2 grid gap-1 sm:grid-cols-2" aria-labelledby="placeholders-label">
            {template.placeholders.map((p) => (
              <li key={p.name}>
                <button
                  type="button"
                  onClick={() => insert(p.name)}
                  className="w-full rounded-md px-2 py-1 text-left hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-accent-500 dark:hover:bg-zinc-800"
                  aria-label={`Insert ${p.name}: ${p.description}`}
                >
                  <code className="text-xs font-medium text-accent-700 dark:text-accent-300">{p.name}</code>
                  <span className="block text-xs text-zinc-600 dark:text-zinc-400">{p.description}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
        {/* The signatory on a line of its own: its choices are names, which a third of the column would clip. */}
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="tpl-signer" className="sm:col-span-2" label="Signed by" help="Nobody named: the HR person who generates it." error={errors.signer_id}>
            <select id="tpl-signer" className={inputClasses} value={signerId} onChange={(e) => setSignerId(e.target.value)}>
              <option value="">Whoever generates it</option>
              {people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </Field>
          <Field id="tpl-signer-title" label="Signer’s title" help={signer ? `Default: ${signer.title ?? 'none on record'}` : 'Their job title.'} error={errors.signer_title}>
            <input
              id="tpl-signer-title"
              className={inputClasses}
              value={signerId ? signerTitle : ''}
              disabled={!signerId}
              maxLength={200}
              placeholder={signer?.title ?? ''}
              onChange={(e) => setSignerTitle(e.target.value)}
            />
          </Field>
          <Field id="tpl-language" label="Language" help="Dates and the document’s labels.">
            <select id="tpl-language" className={inputClasses} value={language} onChange={(e) => setLanguage(e.target.value)}>
              {Object.entries(DOCUMENT_LANGUAGES).map(([code, label]) => (
                <option key={code} value={code}>
                  {label}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <div className="flex flex-wrap justify-end gap-2">
          <Button onClick={renderPdf} disabled={rendering || invalid}>
            <FileDown className="size-4" aria-hidden />
            {rendering ? 'Rendering…' : 'Render the PDF'}
          </Button>
          <Button variant="primary" onClick={save} disabled={saving || invalid}>
            {saving ? 'Saving…' : 'Save as new version'}
          </Button>
        </div>
        {pdfUrl && (
          <p className="text-right text-sm">
            <a href={pdfUrl} target="_blank" rel="noreferrer" className="font-medium text-accent-700 underline dark:text-accent-300">
              Open the rendered PDF
            </a>
          </p>
        )}
      </div>
      <div>
        <p className="mb-2 text-sm font-medium text-zinc-900 dark:text-zinc-100">Live preview</p>
        <p className="mb-3 text-xs text-zinc-600 dark:text-zinc-400">With a sample employee; the real document uses the requester’s details.</p>
        <LetterPreview
          letterhead={letterhead}
          date={values.today}
          title={fillPlaceholders(title, values)}
          body={fillPlaceholders(body, values)}
          signerName={signerName}
          signerTitle={shownSignerTitle}
        />
      </div>
    </div>
  );
}
