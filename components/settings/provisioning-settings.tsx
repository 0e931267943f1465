'use client';

import { Copy, KeyRound } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Field, inputClasses } from '@/components/ui/field';
import { RelativeTime } from '@/components/ui/relative-time';
import { mintScimTokenAction, revokeScimTokenAction, savePeopleSettingsAction } from '@/lib/actions/people-lifecycle';
import type { PeopleSettings } from '@/lib/people/settings';

/** Settings → Sign-in and provisioning: the just-in-time SSO domain and the SCIM token. */
export function ProvisioningSettings({ settings, scimUrl, ssoConfigured }: { settings: PeopleSettings; scimUrl: string; ssoConfigured: boolean }) {
  const router = useRouter();
  const [domain, setDomain] = useState(settings.jit_domain ?? '');
  const [domainError, setDomainError] = useState<string | null>(null);
  const [token, setToken] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const saveDomain = (event: React.FormEvent) => {
    event.preventDefault();
    setDomainError(null);
    startTransition(async () => {
      const result = await savePeopleSettingsAction(domain);
      if (!result.ok) {
        setDomainError(result.errors?.[0]?.message ?? result.error);
        return;
      }
      toast.success(result.settings.jit_domain ? `People of ${result.settings.jit_domain} can now join by signing in` : 'Just-in-time sign-up is off');
      router.refresh();
    });
  };

  const mint = () =>
    startTransition(async () => {
      const result = await mintScimTokenAction();
      if (!result.ok) {
        toast.error(result.error);
        return;
      }
      setToken(result.token);
      toast.success(settings.scim.active ? 'New SCIM token minted; the old one stopped working' : 'SCIM token minted');
      router.refresh();
    });

  const revoke = () =>
    startTransition(async () => {
      const result = await revokeScimTokenAction();
      if (!result.ok) {
        toast.error(result.error);
        return;
      }
      setToken(null);
      toast.success('SCIM token revoked');
      router.refresh();
    });

  return (
    <div className="grid gap-6 md:grid-cols-2">
      <form onSubmit={saveDomain} className="space-y-3" noValidate>
        <h3 className="text-sm font-semibold">Join by single sign-on</h3>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          A first sign-in through your identity provider with a verified email of exactly this domain creates the person as an employee, with no manager and no other role. Leave empty to turn it off.
          {!ssoConfigured && ' Single sign-on is not configured on this server yet (OIDC_ISSUER).'}
        </p>
        <Field id="jit-domain" label="Allowed email domain" help="For example acme.example — not a subdomain, not a look-alike." error={domainError ?? undefined}>
          <input id="jit-domain" value={domain} onChange={(e) => setDomain(e.target.value)} placeholder="acme.example" className={inputClasses} aria-describedby="jit-domain-help" aria-invalid={!!domainError || undefined} autoComplete="off" />
        </Field>
        <div className="flex justify-end">
          <Button type="submit" variant="primary" disabled={pending}>
            Save domain
          </Button>
        </div>
      </form>
      <div className="space-y-3" data-testid="scim-settings">
        <h3 className="text-sm font-semibold">SCIM provisioning</h3>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Okta, Microsoft Entra and other identity providers add, change and deactivate people here. Base URL: <code className="rounded bg-zinc-100 px-1 text-xs dark:bg-zinc-800">{scimUrl}</code>
        </p>
        <p className="text-sm">
          {settings.scim.active ? (
            <>
              Token minted <RelativeTime iso={settings.scim.created_at} />; {settings.scim.last_used_at ? <>last used <RelativeTime iso={settings.scim.last_used_at} /></> : 'not used yet'}.
            </>
          ) : (
            'No token: SCIM is off.'
          )}
        </p>
        {token && (
          <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-700 dark:bg-amber-950">
            <p className="font-medium text-amber-900 dark:text-amber-100">Copy it now: it is not shown again.</p>
            <div className="mt-2 flex items-center gap-2">
              <code className="min-w-0 flex-1 break-all rounded bg-white px-2 py-1 text-xs dark:bg-zinc-900" data-testid="scim-token">{token}</code>
              <Button size="sm" onClick={() => navigator.clipboard.writeText(token).then(() => toast.success('Copied'))} aria-label="Copy the SCIM token">
                <Copy className="size-4" aria-hidden />
              </Button>
            </div>
          </div>
        )}
        <div className="flex justify-end gap-2">
          {settings.scim.active && (
            <Button variant="danger" disabled={pending} onClick={revoke}>
              Revoke
            </Button>
          )}
          <Button variant="primary" disabled={pending} onClick={mint}>
            <KeyRound className="size-4" aria-hidden />
            {settings.scim.active ? 'Replace token' : 'Mint token'}
          </Button>
        </div>
      </div>
    </div>
  );
}
