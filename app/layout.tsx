import '@fontsource-variable/inter';
import './globals.css';
import type { Metadata } from 'next';
import { connection } from 'next/server';
import { NuqsAdapter } from 'nuqs/adapters/next/app';
import { Toaster } from 'sonner';
import { QueryProvider } from '@/components/shell/query-provider';

export const metadata: Metadata = {
  title: { default: 'Opsdesk', template: '%s · Opsdesk' },
  description: 'Access, HR, equipment and travel requests, and one approvals inbox.',
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Rendered per request, never prerendered: the Content-Security-Policy nonce (proxy.ts) is new on each
  // response, and Next can only stamp it on its inline scripts while rendering.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-dvh font-sans">
        <NuqsAdapter>
          <QueryProvider>{children}</QueryProvider>
        </NuqsAdapter>
        <Toaster position="bottom-right" closeButton />
      </body>
    </html>
  );
}
