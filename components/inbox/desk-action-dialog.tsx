'use client';

import { useState } from 'react';
import { Modal } from '@/components/ui/confirm-dialog';
import { Button } from '@/components/ui/button';
import { Field, inputClasses } from '@/components/ui/field';
import { useFormat } from '@/components/shell/format-provider';
import { instantFromWallTime } from '@/lib/format';
import type { DeskAction, DeskActionField, InboxEntry } from '@/lib/operations/inbox-view';

export interface DeskRequest {
  entry: InboxEntry;
  action: DeskAction;
}

function visible(field: DeskActionField, values: Record<string, string>): boolean {
  return !field.showWhen || values[field.showWhen.field] === field.showWhen.equals;
}

/** The short form of a desk action taken from the inbox (fulfil with a link, reject with a reason…). */
export function DeskActionDialog({
  request,
  onCancel,
  onConfirm,
}: {
  request: DeskRequest | null;
  onCancel: () => void;
  onConfirm: (body: Record<string, unknown>) => void;
}) {
  return (
    <Modal
      open={request !== null}
      onOpenChange={(open) => !open && onCancel()}
      title={request ? `${request.action.label} “${request.entry.title}”` : ''}
      description={request?.entry.requester ? `Requested by ${request.entry.requester.name}.` : undefined}
    >
      {request && <DeskForm key={`${request.entry.id}:${request.action.action}`} request={request} onCancel={onCancel} onConfirm={onConfirm} />}
    </Modal>
  );
}

function DeskForm({ request, onCancel, onConfirm }: { request: DeskRequest; onCancel: () => void; onConfirm: (body: Record<string, unknown>) => void }) {
  const { action } = request;
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(action.fields.map((f) => [f.name, f.defaultValue ?? ''])),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { timeZone } = useFormat();

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const body: Record<string, unknown> = {};
    const missing: Record<string, string> = {};
    for (const field of action.fields) {
      if (!visible(field, values)) continue;
      const value = values[field.name]?.trim() ?? '';
      if (!value) {
        if (field.required) missing[field.name] = 'Required';
        continue;
      }
      if (field.kind === 'url' && !/^https?:\/\/\S+$/i.test(value)) {
        missing[field.name] = 'Enter a link starting with https://';
        continue;
      }
      if (field.kind === 'datetime') {
        // datetime-local is wall time in the person's own zone: sent as an instant in UTC.
        const at = instantFromWallTime(value, timeZone);
        if (!at) missing[field.name] = 'Enter a date and time';
        else if (Date.parse(at) <= Date.now()) missing[field.name] = 'Must be in the future';
        else body[field.name] = at;
        continue;
      }
      body[field.name] = value;
    }
    setErrors(missing);
    if (Object.keys(missing).length === 0) onConfirm(body);
  };

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      {action.fields.filter((f) => visible(f, values)).map((field, index) => {
        const id = `desk-${field.name}`;
        const common = {
          id,
          name: field.name,
          value: values[field.name] ?? '',
          autoFocus: index === 0,
          'aria-invalid': errors[field.name] ? true : undefined,
          'aria-describedby': [errors[field.name] ? `${id}-error` : null, field.help ? `${id}-help` : null].filter(Boolean).join(' ') || undefined,
          maxLength: field.maxLength,
          className: inputClasses,
        };
        const set = (value: string) => setValues((v) => ({ ...v, [field.name]: value }));
        return (
          <Field key={field.name} id={id} label={field.label} required={field.required} help={field.help} error={errors[field.name]}>
            {field.kind === 'select' ? (
              <select {...common} onChange={(e) => set(e.target.value)}>
                {field.options?.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            ) : field.kind === 'textarea' ? (
              <textarea {...common} rows={3} onChange={(e) => set(e.target.value)} />
            ) : field.kind === 'datetime' ? (
              <input {...common} type="datetime-local" onChange={(e) => set(e.target.value)} />
            ) : (
              <input {...common} type={field.kind === 'url' ? 'url' : 'text'} placeholder={field.kind === 'url' ? 'https://' : undefined} onChange={(e) => set(e.target.value)} />
            )}
          </Field>
        );
      })}
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onCancel}>
          Back
        </Button>
        <Button type="submit" variant={action.tone === 'danger' ? 'danger' : 'primary'}>
          {action.label}
        </Button>
      </div>
    </form>
  );
}
