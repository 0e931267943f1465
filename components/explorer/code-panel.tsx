'use client';

import { Check, Copy } from 'lucide-react';
import { Tabs } from 'radix-ui';
import { useState } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';

function CopyButton({ text, what }: { text: string; what: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      size="sm"
      variant="secondary"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
          setCopied(true);
          toast.success(`${what} copied`);
          setTimeout(() => setCopied(false), 1500);
        } catch {
          toast.error('Could not copy: select the text and copy it by hand.');
        }
      }}
    >
      {copied ? <Check className="size-4" aria-hidden /> : <Copy className="size-4" aria-hidden />}
      Copy {what}
    </Button>
  );
}

const tabClasses =
  'rounded-md px-2.5 py-1 text-sm font-medium text-zinc-600 hover:text-zinc-900 data-[state=active]:bg-white data-[state=active]:text-zinc-900 data-[state=active]:shadow-xs dark:text-zinc-400 dark:hover:text-white dark:data-[state=active]:bg-zinc-800 dark:data-[state=active]:text-white';

/** The same call as SDK code and as curl, each with a copy button. */
export function CodePanel({ sdk, curl, email }: { sdk: string; curl: string; email: string }) {
  return (
    <Tabs.Root defaultValue="sdk" className="rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-zinc-200 px-4 py-2.5 dark:border-zinc-800">
        <h2 className="text-sm font-semibold text-zinc-900 dark:text-white" id="code-title">Same call in code</h2>
        <Tabs.List aria-labelledby="code-title" className="flex gap-1 rounded-lg bg-zinc-100 p-0.5 dark:bg-zinc-900">
          <Tabs.Trigger value="sdk" className={tabClasses}>TypeScript SDK</Tabs.Trigger>
          <Tabs.Trigger value="curl" className={tabClasses}>curl</Tabs.Trigger>
        </Tabs.List>
      </div>
      <Tabs.Content value="sdk" className="p-4 focus-visible:outline-none">
        <div className="mb-2 flex items-center justify-between gap-2">
          <p className="text-xs text-zinc-600 dark:text-zinc-400">Typed from the same schemas the server validates with; errors throw <code>OpsdeskApiError</code>.</p>
          <CopyButton text={sdk} what="SDK code" />
        </div>
        <pre className="overflow-x-auto rounded-lg bg-zinc-950 p-3 text-xs leading-relaxed text-zinc-100 dark:bg-zinc-900 dark:ring-1 dark:ring-zinc-800" data-testid="sdk-snippet" tabIndex={0} aria-label="SDK code">
          <code>{sdk}</code>
        </pre>
      </Tabs.Content>
      <Tabs.Content value="curl" className="p-4 focus-visible:outline-none">
        <div className="mb-2 flex items-start justify-between gap-2">
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            Get a token first: <code className="rounded bg-zinc-100 px-1 py-0.5 dark:bg-zinc-800">npm run token -- --email {email}</code>, then{' '}
            <code className="rounded bg-zinc-100 px-1 py-0.5 dark:bg-zinc-800">export OPSDESK_TOKEN=…</code> (or{' '}
            <code className="rounded bg-zinc-100 px-1 py-0.5 dark:bg-zinc-800">POST /api/v1/auth/token</code>).
          </p>
          <CopyButton text={curl} what="curl" />
        </div>
        <pre className="overflow-x-auto rounded-lg bg-zinc-950 p-3 text-xs leading-relaxed text-zinc-100 dark:bg-zinc-900 dark:ring-1 dark:ring-zinc-800" data-testid="curl-snippet" tabIndex={0} aria-label="curl command">
          <code>{curl}</code>
        </pre>
      </Tabs.Content>
    </Tabs.Root>
  );
}
