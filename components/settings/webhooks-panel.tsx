'use client';

import { Check, Copy, Webhook } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Modal } from '@/components/ui/confirm-dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { Field, inputClasses } from '@/components/ui/field';
import { RelativeTime } from '@/components/ui/relative-time';
import { createWebhookAction, deleteWebhookAction, retryWebhookDeliveryAction, updateWebhookAction, webhookDeliveriesAction } from '@/lib/actions/webhooks';
import { TableFrame } from '@/components/ui/table-frame';

export interface WebhookEndpointView {
  id: string;
  url: string;
  description: string;
  events: string[];
  enabled: boolean;
  disabled_reason: string | null;
  consecutive_failures: number;
  app_id: string | null;
  created_at: string;
}

interface DeliveryView {
  id: string;
  event_type: string;
  status: 'succeeded' | 'failed' | 'pending';
  response_status: number | null;
  attempts: number;
  duration_ms: number | null;
  created_at: string;
  error: string | null;
}

const EVENTS: { name: string; help: string }[] = [
  { name: 'record.created', help: 'A request or pending item is filed' },
  { name: 'record.status_changed', help: 'A request moves on (approved, provisioned, booked…)' },
  { name: 'approval.step_assigned', help: 'An approval step waits on its approvers' },
  { name: 'approval.decided', help: 'Someone approves or rejects a step' },
  { name: 'pending.completed', help: 'An approval or task is finished (with its outcome)' },
  { name: 'document.issued', help: 'An HR document is generated' },
];

const BADGE: Record<DeliveryView['status'], string> = {
  pending: 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300',
  succeeded: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300',
  failed: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300',
};

/** Settings → Webhooks: endpoints, the events each receives, the secret once, the delivery log and Retry. */
export function WebhooksPanel({ endpoints }: { endpoints: WebhookEndpointView[] }) {
  const [adding, setAdding] = useState(false);
  return (
    <div className="space-y-3" data-testid="webhooks-panel">
      <div className="flex flex-col items-start gap-3 sm:flex-row sm:justify-between">
        <p className="max-w-prose text-sm text-zinc-600 dark:text-zinc-400">
          Opsdesk POSTs each event you choose to your URL, signed per Standard Webhooks. Failed deliveries are retried with backoff; after 10 failed deliveries in a row the endpoint is switched off and admins are told.
        </p>
        <Button variant="primary" className="shrink-0" onClick={() => setAdding(true)}>
          Add endpoint
        </Button>
      </div>
      {endpoints.length === 0 ? (
        <EmptyState icon={Webhook} title="No webhook endpoints" description="Add one to let another system know when requests are filed, decided or completed, without polling." />
      ) : (
        <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
          {endpoints.map((endpoint) => (
            <EndpointRow key={endpoint.id} endpoint={endpoint} />
          ))}
        </ul>
      )}
      <AddEndpointDialog open={adding} onOpenChange={setAdding} />
    </div>
  );
}

function EndpointRow({ endpoint }: { endpoint: WebhookEndpointView }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [log, setLog] = useState<DeliveryView[] | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const loadLog = () =>
    startTransition(async () => {
      const result = await webhookDeliveriesAction(endpoint.id);
      if (result.ok) setLog(result.data as DeliveryView[]);
      else toast.error(result.error);
    });
  const act = (label: string, run: () => Promise<{ ok: boolean; error?: string }>, after?: () => void) =>
    startTransition(async () => {
      const result = await run();
      if (result.ok) {
        toast.success(label);
        after?.();
      } else toast.error(result.error ?? 'Something went wrong.');
      router.refresh();
    });

  return (
    <li className="space-y-2 p-3" data-testid="webhook-row">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <div className="break-all font-mono text-sm text-zinc-900 dark:text-zinc-100">{endpoint.url}</div>
          {endpoint.description ? <div className="text-sm text-zinc-600 dark:text-zinc-400">{endpoint.description}</div> : null}
          <div className="mt-1 flex flex-wrap gap-1">
            {endpoint.events.map((event) => (
              <span key={event} className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
                {event}
              </span>
            ))}
          </div>
          {endpoint.enabled ? null : (
            <p className="mt-1 text-sm text-red-700 dark:text-red-400" data-testid="webhook-disabled">
              Off: {endpoint.disabled_reason ?? 'switched off'}
            </p>
          )}
          {endpoint.app_id ? <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">Added by integration {endpoint.app_id}: receives only its records.</p> : null}
        </div>
        <div className="flex flex-wrap gap-1.5">
          <Button size="sm" onClick={log ? () => setLog(null) : loadLog} disabled={pending} aria-expanded={!!log}>
            {log ? 'Hide deliveries' : 'Deliveries'}
          </Button>
          {endpoint.enabled ? (
            <Button size="sm" variant="ghost" disabled={pending} onClick={() => act('Paused', () => updateWebhookAction(endpoint.id, { enabled: false }))}>
              Pause
            </Button>
          ) : (
            <Button size="sm" variant="primary" disabled={pending} onClick={() => act('Enabled again', () => updateWebhookAction(endpoint.id, { enabled: true }))}>
              Enable
            </Button>
          )}
          <Button size="sm" variant="ghost" disabled={pending} onClick={() => setConfirmDelete(true)}>
            Delete
          </Button>
        </div>
      </div>
      {log ? <DeliveryLog endpointId={endpoint.id} deliveries={log} onRetried={loadLog} /> : null}
      <Modal open={confirmDelete} onOpenChange={setConfirmDelete} title="Delete this endpoint?" description="Its delivery log goes too. Deliveries still waiting are not sent.">
        <div className="flex justify-end gap-2">
          <Button variant="ghost" onClick={() => setConfirmDelete(false)}>
            Cancel
          </Button>
          <Button variant="danger" disabled={pending} onClick={() => act('Endpoint deleted', () => deleteWebhookAction(endpoint.id), () => setConfirmDelete(false))}>
            Delete endpoint
          </Button>
        </div>
      </Modal>
    </li>
  );
}

function DeliveryLog({ endpointId, deliveries, onRetried }: { endpointId: string; deliveries: DeliveryView[]; onRetried: () => void }) {
  const [pending, startTransition] = useTransition();
  if (deliveries.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No deliveries yet.</p>;
  const retry = (id: string) =>
    startTransition(async () => {
      const result = await retryWebhookDeliveryAction(endpointId, id);
      if (result.ok) {
        toast.success('Queued to send again');
        onRetried();
      } else toast.error(result.error);
    });
  return (
    <TableFrame label="Recent deliveries">
      {/* On a phone each delivery is a card: the event, then its status and details, when, and Retry. */}
      <table className="w-full text-left text-sm max-sm:block" data-testid="delivery-log">
        <caption className="sr-only">Recent deliveries</caption>
        <thead className="bg-zinc-50 text-xs uppercase tracking-wide text-zinc-600 max-sm:hidden dark:bg-zinc-900 dark:text-zinc-400">
          <tr>
            <th scope="col" className="px-3 py-2">Event</th>
            <th scope="col" className="px-3 py-2">Status</th>
            <th scope="col" className="px-3 py-2 max-sm:hidden">Response</th>
            <th scope="col" className="px-3 py-2 max-sm:hidden">Duration</th>
            <th scope="col" className="px-3 py-2 max-sm:hidden">Attempts</th>
            <th scope="col" className="px-3 py-2">When</th>
            <th scope="col" className="px-3 py-2"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 max-sm:block dark:divide-zinc-800">
          {deliveries.map((d) => (
            <tr key={d.id} data-testid="delivery-row" className="max-sm:flex max-sm:flex-wrap max-sm:items-start max-sm:gap-x-3 max-sm:gap-y-1 max-sm:px-3 max-sm:py-2">
              <td className="px-3 py-2 font-mono text-xs max-sm:w-full max-sm:p-0">{d.event_type}</td>
              <td className="px-3 py-2 max-sm:min-w-0 max-sm:flex-1 max-sm:p-0">
                <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${BADGE[d.status]}`}>{d.status}</span>
                {d.error && d.status !== 'succeeded' ? <div className="mt-1 max-w-xs text-xs text-red-700 dark:text-red-400">{d.error}</div> : null}
                {/* On a phone the three narrow columns read as one line under the status. */}
                <div className="mt-1 text-xs tabular-nums text-zinc-600 sm:hidden dark:text-zinc-400">
                  {[d.response_status ? `HTTP ${d.response_status}` : null, d.duration_ms === null ? null : `${d.duration_ms} ms`, `${d.attempts} attempt${d.attempts === 1 ? '' : 's'}`].filter(Boolean).join(' · ')}
                </div>
              </td>
              <td className="px-3 py-2 tabular-nums max-sm:hidden">{d.response_status ?? '—'}</td>
              <td className="px-3 py-2 tabular-nums max-sm:hidden">{d.duration_ms === null ? '—' : `${d.duration_ms} ms`}</td>
              <td className="px-3 py-2 tabular-nums max-sm:hidden">{d.attempts}</td>
              <td className="px-3 py-2 text-zinc-600 max-sm:p-0 max-sm:text-xs dark:text-zinc-400">
                <RelativeTime iso={d.created_at} />
              </td>
              <td className="px-3 py-2 text-right max-sm:p-0">
                {d.status === 'succeeded' ? null : (
                  <Button size="sm" disabled={pending} onClick={() => retry(d.id)}>
                    Retry
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableFrame>
  );
}

function AddEndpointDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const router = useRouter();
  const [secret, setSecret] = useState<string | null>(null);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<string[]>(['pending.completed']);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, startTransition] = useTransition();
  const [copied, setCopied] = useState(false);

  const close = (next: boolean) => {
    onOpenChange(next);
    if (!next) {
      setSecret(null);
      setUrl('');
      setDescription('');
      setEvents(['pending.completed']);
      setErrors({});
      setCopied(false);
    }
  };
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!url.trim()) found.url = 'Give the URL that receives the deliveries';
    if (events.length === 0) found.events = 'Choose at least one event';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    startTransition(async () => {
      const result = await createWebhookAction({ url: url.trim(), events, description });
      if (!result.ok) {
        const byField = Object.fromEntries((result.errors ?? []).map((e) => [e.path.split('.')[0], e.message]));
        if (Object.keys(byField).length > 0) setErrors(byField);
        else toast.error(result.error);
        return;
      }
      toast.success('Endpoint added');
      setSecret(result.endpoint.secret);
      router.refresh();
    });
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret ?? '');
      setCopied(true);
      toast.success('Secret copied');
    } catch {
      toast.error('Copying is blocked here: select the secret and copy it by hand.');
    }
  };

  return (
    <Modal
      open={open}
      onOpenChange={close}
      title={secret ? 'Copy the signing secret now' : 'Add a webhook endpoint'}
      description={secret ? 'This is the only time the secret is shown. Your receiver verifies each delivery with it.' : 'Where Opsdesk sends events, and which ones.'}
    >
      {secret ? (
        <div className="space-y-4">
          <label htmlFor="webhook-secret" className="sr-only">
            Signing secret
          </label>
          <textarea id="webhook-secret" readOnly value={secret} rows={2} data-testid="webhook-secret" onFocus={(e) => e.currentTarget.select()} className={`${inputClasses} break-all font-mono text-xs`} />
          <div className="flex justify-end gap-2">
            <Button onClick={copy}>
              {copied ? <Check className="size-4" aria-hidden /> : <Copy className="size-4" aria-hidden />}
              {copied ? 'Copied' : 'Copy secret'}
            </Button>
            <Button variant="primary" onClick={() => close(false)}>
              Done
            </Button>
          </div>
        </div>
      ) : (
        <form onSubmit={submit} className="space-y-4" noValidate>
          <Field id="webhook-url" label="URL" required help="An https URL on a public address." error={errors.url}>
            <input id="webhook-url" type="url" value={url} onChange={(e) => setUrl(e.target.value)} className={inputClasses} placeholder="https://erp.example.com/opsdesk" aria-invalid={!!errors.url || undefined} />
          </Field>
          <Field id="webhook-description" label="Description" help="What receives it, e.g. the ERP." error={errors.description}>
            <input id="webhook-description" value={description} onChange={(e) => setDescription(e.target.value)} className={inputClasses} />
          </Field>
          <fieldset>
            <legend className="text-sm font-medium">Events</legend>
            <div className="mt-1 space-y-1">
              {EVENTS.map((option) => (
                <label key={option.name} className="flex items-start gap-2 text-sm">
                  <input
                    type="checkbox"
                    checked={events.includes(option.name)}
                    onChange={(e) => setEvents((current) => (e.target.checked ? [...current, option.name] : current.filter((name) => name !== option.name)))}
                    className="mt-0.5 size-3.5 accent-accent-600"
                  />
                  <span>
                    <span className="font-mono text-xs">{option.name}</span> <span className="text-zinc-600 dark:text-zinc-400">— {option.help}</span>
                  </span>
                </label>
              ))}
            </div>
            {errors.events && <p className="mt-1 text-sm text-red-700 dark:text-red-400">{errors.events}</p>}
          </fieldset>
          <div className="flex justify-end gap-2">
            <Button variant="ghost" onClick={() => close(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" disabled={pending}>
              {pending ? 'Adding…' : 'Add endpoint'}
            </Button>
          </div>
        </form>
      )}
    </Modal>
  );
}
