import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { VerifyForm } from '@/components/documents/verify-form';
import { VerifyShell } from '@/components/documents/verify-shell';

export const metadata: Metadata = { title: 'Verify a document', robots: { index: false } };

type Props = { searchParams: Promise<{ code?: string | string[] }> };

/** Public: type the code printed on a document (or arrive here from the form with ?code=). */
export default async function VerifyIndexPage({ searchParams }: Props) {
  await connection();
  const { code } = await searchParams;
  const typed = (Array.isArray(code) ? code[0] : code)?.trim();
  if (typed) redirect(`/verify/${encodeURIComponent(typed.slice(0, 64))}`);
  return (
    <VerifyShell>
      <section className="rounded-xl border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-950">
        <h1 className="text-xl font-semibold tracking-tight text-zinc-900 dark:text-white">Verify a document</h1>
        <p className="mt-1 mb-4 text-sm text-zinc-600 dark:text-zinc-400">Enter the verification code printed at the foot of the document, or scan its QR code.</p>
        <VerifyForm />
      </section>
    </VerifyShell>
  );
}
