import { getRecord } from '@/lib/operations/service';
import { orNotFound, recordPageContext } from '@/components/records/page-context';

/**
 * A record that does not exist, or that this person may not see, is a real 404 with the app's own page:
 * checked here, outside the pages' loading boundary, so the status is decided before anything streams.
 */
export default async function RecordLayout({ params, children }: { params: Promise<{ resource: string; id: string }>; children: React.ReactNode }) {
  const { resource, id } = await params;
  const { type, ctx } = await recordPageContext(resource);
  await orNotFound(getRecord(ctx, type, id));
  return children;
}
