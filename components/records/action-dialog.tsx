'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { Loader2 } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useMemo, useRef, useState } from 'react';
import { useForm, type Resolver } from 'react-hook-form';
import { toast } from 'sonner';
import { z } from 'zod';
import { performActionAction } from '@/lib/actions/records';
import { humanize } from '@/lib/format';
import { typeByResource } from '@/lib/operations/registry';
import { Button } from '@/components/ui/button';
import { Modal } from '@/components/ui/confirm-dialog';
import { Field, inputClasses } from '@/components/ui/field';
import type { ActionButton } from './detail-data';
import { FormAlert } from './form-alert';
import { fromInputValue } from './form-values';
import { bodyFieldsOf, type BodyField } from './schema-fields';
import { useFormat } from '@/components/shell/format-provider';

const emptyBody = z.object({ comment: z.string().trim().max(2000).optional() });

function payloadOf(fields: BodyField[], values: Record<string, string>, timeZone: string): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = values[field.name] ?? '';
    if (raw.trim() === '') {
      if (field.required && field.kind !== 'select') payload[field.name] = raw;
      continue;
    }
    payload[field.name] = fromInputValue({ input: field.kind === 'number' ? 'money' : field.kind === 'datetime' ? 'datetime' : 'text' }, raw, timeZone);
  }
  return payload;
}

/** Confirms an action and collects its body (comment, reason, deliverable, costs…) from the action's own schema. */
export function ActionDialog({ button, open, onOpenChange, title }: { button: ActionButton; open: boolean; onOpenChange: (open: boolean) => void; title: string }) {
  const type = typeByResource(button.resource)!;
  const spec = type.actions[button.action];
  // A rejection says why (api.md): the reason is required here as the engine requires it.
  const rejecting = spec?.decision === 'reject';
  const schema = useMemo(() => {
    const body = spec?.body ?? emptyBody;
    return rejecting && body instanceof z.ZodObject
      ? body.extend({ comment: z.string().trim().min(1, 'Give the reason: the requester sees it on their request').max(5000) })
      : body;
  }, [spec, rejecting]);
  const fields = useMemo(
    () => bodyFieldsOf(type, schema).map((f) => (rejecting && f.name === 'comment' ? { ...f, required: true, label: 'Reason for the requester' } : f)),
    [type, schema, rejecting],
  );
  const router = useRouter();
  const busy = useRef(false);
  const [error, setError] = useState<{ detail: string; errors: { path: string; message: string }[] } | null>(null);
  const { timeZone } = useFormat();

  const resolver: Resolver<Record<string, string>> = async (values, context, options) => {
    const check = zodResolver(schema as never) as unknown as Resolver<Record<string, unknown>>;
    return (await check(payloadOf(fields, values, timeZone), context, options as never)) as never;
  };
  const form = useForm<Record<string, string>>({ resolver, defaultValues: Object.fromEntries(fields.map((f) => [f.name, ''])) });
  const { register, handleSubmit, formState, setError: setFieldError } = form;

  async function save(payload: Record<string, string>) {
    if (busy.current) return;
    busy.current = true;
    setError(null);
    try {
      const result = await performActionAction(button.resource, button.id, button.action, payload as Record<string, unknown>);
      if (result.ok) {
        toast.success(`${button.label}: done`, { description: title });
        onOpenChange(false);
        form.reset();
        router.refresh();
        return;
      }
      const unplaced = result.error.errors.filter((e) => {
        const name = e.path.split('.')[0];
        if (!fields.some((f) => f.name === name)) return true;
        setFieldError(name, { type: 'server', message: e.message });
        return false;
      });
      setError({ detail: result.error.detail, errors: unplaced });
    } finally {
      busy.current = false;
    }
  }

  const submitting = formState.isSubmitting;
  return (
    <Modal open={open} onOpenChange={(next) => !submitting && onOpenChange(next)} title={`${button.label} — ${title}`} description={spec?.description}>
      <form onSubmit={(event) => handleSubmit(save)(event)} noValidate className="space-y-4">
        {error && <FormAlert title={`Could not ${button.label.toLowerCase()}`} detail={error.detail} errors={error.errors} />}
        {fields.map((field) => {
          const id = `a-${button.action}-${field.name}`;
          const message = (formState.errors[field.name] as { message?: string } | undefined)?.message;
          const common = { id, 'aria-invalid': message ? true : undefined, 'aria-describedby': message ? `${id}-error` : undefined, ...register(field.name) };
          return (
            <Field key={field.name} id={id} label={field.label} required={field.required} error={message}>
              {field.kind === 'select' ? (
                <select {...common} className={inputClasses}>
                  <option value="">{field.required ? 'Choose…' : '—'}</option>
                  {field.options!.map((o) => (
                    <option key={o} value={o}>
                      {humanize(o)}
                    </option>
                  ))}
                </select>
              ) : field.kind === 'textarea' ? (
                <textarea {...common} rows={3} className={inputClasses} placeholder={field.name !== 'comment' ? undefined : button.action === 'request_info' ? 'What do you need to know before deciding?' : field.required ? undefined : 'Optional note for the timeline'} />
              ) : field.kind === 'datetime' ? (
                <input {...common} type="datetime-local" className={inputClasses} />
              ) : field.kind === 'number' ? (
                <input {...common} type="number" step="0.01" min={0} inputMode="decimal" className={inputClasses} />
              ) : (
                <input {...common} type="text" className={inputClasses} />
              )}
            </Field>
          );
        })}
        <div className="flex justify-end gap-2 pt-1">
          <Button variant="ghost" onClick={() => onOpenChange(false)} disabled={submitting}>
            {button.tone === 'danger' ? 'Keep it' : 'Back'}
          </Button>
          <Button type="submit" variant={button.tone === 'danger' ? 'danger' : 'primary'} disabled={submitting}>
            {submitting && <Loader2 className="size-4 animate-spin" aria-hidden />}
            {submitting ? 'Working…' : button.label}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
