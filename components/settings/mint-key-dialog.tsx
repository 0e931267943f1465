'use client';

import { Check, Copy } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Modal } from '@/components/ui/confirm-dialog';
import { Field, inputClasses } from '@/components/ui/field';
import { createApplicationAction, mintKeyAction } from '@/lib/actions/settings';
import { roleLabel } from './role-label';

export interface ApplicationOption {
  id: string;
  name: string;
  revoked_at: string | null;
}

const NEW_APP = '__new__';
const EXPIRY = [7, 30, 90, 180, 365];

export function MintKeyDialog({
  open,
  onOpenChange,
  applications,
  adminRoles,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  applications: ApplicationOption[];
  adminRoles: string[];
}) {
  const [token, setToken] = useState<string | null>(null);
  const close = (next: boolean) => {
    onOpenChange(next);
    if (!next) setToken(null);
  };
  return (
    <Modal
      open={open}
      onOpenChange={close}
      title={token ? 'Copy your new key now' : 'New integration key'}
      description={token ? 'This is the only time the key is shown. Store it in your secret manager.' : 'The key acts as you, with only the roles you choose.'}
    >
      {token ? (
        <ShowOnce token={token} onDone={() => close(false)} />
      ) : (
        <MintForm applications={applications.filter((a) => !a.revoked_at)} adminRoles={adminRoles} onMinted={setToken} onCancel={() => close(false)} />
      )}
    </Modal>
  );
}

function MintForm({
  applications,
  adminRoles,
  onMinted,
  onCancel,
}: {
  applications: ApplicationOption[];
  adminRoles: string[];
  onMinted: (token: string) => void;
  onCancel: () => void;
}) {
  const router = useRouter();
  const [appId, setAppId] = useState(applications[0]?.id ?? NEW_APP);
  const [appName, setAppName] = useState('');
  const [label, setLabel] = useState('');
  const [roles, setRoles] = useState<string[]>(['employee']);
  const [days, setDays] = useState(90);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, startTransition] = useTransition();

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (appId === NEW_APP && !appName.trim()) found.appName = 'Give the application a name';
    if (!label.trim()) found.label = 'Give the key a label, e.g. "production"';
    if (roles.length === 0) found.roles = 'Choose at least one role';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    startTransition(async () => {
      let id = appId;
      if (appId === NEW_APP) {
        const created = await createApplicationAction({ name: appName });
        if (!created.ok) {
          setErrors({ appName: created.errors?.[0]?.message ?? created.error });
          return;
        }
        id = created.application.id;
        setAppId(id);
      }
      const result = await mintKeyAction({ appId: id, label, roles, expiresInDays: days });
      if (!result.ok) {
        const fieldError = result.errors?.[0];
        if (fieldError && ['label', 'roles'].includes(fieldError.path)) setErrors({ [fieldError.path]: fieldError.message });
        else toast.error(result.error);
        return;
      }
      onMinted(result.token);
      router.refresh();
    });
  };

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <Field id="key-app" label="Application" required help="The system that will use the key. Its records carry this application.">
        <select id="key-app" value={appId} onChange={(e) => setAppId(e.target.value)} className={inputClasses}>
          {applications.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
          <option value={NEW_APP}>New application…</option>
        </select>
      </Field>
      {appId === NEW_APP && (
        <Field id="key-app-name" label="Application name" required error={errors.appName}>
          <input id="key-app-name" value={appName} onChange={(e) => setAppName(e.target.value)} className={inputClasses} placeholder="Payroll sync" aria-invalid={!!errors.appName || undefined} />
        </Field>
      )}
      <Field id="key-label" label="Label" required help="What this key is for, e.g. production or staging." error={errors.label}>
        <input id="key-label" value={label} onChange={(e) => setLabel(e.target.value)} className={inputClasses} aria-invalid={!!errors.label || undefined} />
      </Field>
      <fieldset>
        <legend className="text-sm font-medium">Roles</legend>
        <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
          {adminRoles.map((role) => (
            <label key={role} className="flex items-center gap-1.5 text-sm">
              <input
                type="checkbox"
                checked={roles.includes(role)}
                onChange={(e) => setRoles((current) => (e.target.checked ? [...current, role] : current.filter((r) => r !== role)))}
                className="size-3.5 accent-accent-600"
              />
              {roleLabel(role)}
            </label>
          ))}
        </div>
        <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">Only roles you hold. Give the fewest the integration needs.</p>
        {errors.roles && <p className="mt-1 text-sm text-red-700 dark:text-red-400">{errors.roles}</p>}
      </fieldset>
      <Field id="key-expiry" label="Expires after">
        <select id="key-expiry" value={days} onChange={(e) => setDays(Number(e.target.value))} className={inputClasses}>
          {EXPIRY.map((d) => (
            <option key={d} value={d}>
              {d === 365 ? '1 year' : `${d} days`}
            </option>
          ))}
        </select>
      </Field>
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? 'Creating…' : 'Create key'}
        </Button>
      </div>
    </form>
  );
}

function ShowOnce({ token, onDone }: { token: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token);
      setCopied(true);
      toast.success('Key copied');
    } catch {
      toast.error('Copying is blocked here: select the key and copy it by hand.');
    }
  };
  return (
    <div className="space-y-4">
      <label htmlFor="new-key" className="sr-only">
        Your new key
      </label>
      <textarea
        id="new-key"
        readOnly
        value={token}
        rows={5}
        data-testid="new-key"
        onFocus={(e) => e.currentTarget.select()}
        className={`${inputClasses} break-all font-mono text-xs`}
      />
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        Send it as <code className="font-mono">Authorization: Bearer &lt;key&gt;</code>.
      </p>
      <div className="flex justify-end gap-2">
        <Button onClick={copy}>
          {copied ? <Check className="size-4" aria-hidden /> : <Copy className="size-4" aria-hidden />}
          {copied ? 'Copied' : 'Copy key'}
        </Button>
        <Button variant="primary" onClick={onDone}>
          Done
        </Button>
      </div>
    </div>
  );
}
