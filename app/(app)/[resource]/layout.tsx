import { notFound } from 'next/navigation';
import { typeByResource } from '@/lib/operations/registry';

/** Only the registry's record types live here; anything else is a real 404 (before any streaming starts). */
export default async function ResourceLayout({ params, children }: { params: Promise<{ resource: string }>; children: React.ReactNode }) {
  if (!typeByResource((await params).resource)) notFound();
  return children;
}
