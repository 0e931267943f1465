import { getRecordForScreens } from '@/lib/operations/withdrawn';
import { orNotFound, recordPageContext } from '@/components/records/page-context';

/**
 * A record that does not exist, or that this person may not see, is a real 404 with the app's own page:
 * checked here, outside the pages' loading boundary, so the status is decided before anything streams.
 * A requester's own withdrawn request opens (read-only, on the detail page); its edit page has no
 * loading boundary of its own and answers 404 itself.
 */
export default async function RecordLayout({ params, children }: { params: Promise<{ resource: string; id: string }>; children: React.ReactNode }) {
  const { resource, id } = await params;
  const { type, ctx } = await recordPageContext(resource);
  await orNotFound(getRecordForScreens(ctx, type, id));
  return children;
}
