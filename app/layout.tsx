import '@fontsource-variable/inter';
import './globals.css';
import type { Metadata } from 'next';
import { NuqsAdapter } from 'nuqs/adapters/next/app';
import { Toaster } from 'sonner';
import { QueryProvider } from '@/components/shell/query-provider';

export const metadata: Metadata = {
  title: { default: 'Opsdesk', template: '%s · Opsdesk' },
  description: 'Access, HR, equipment and travel requests, and one approvals inbox.',
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
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
