'use server';
/** Server actions of Settings → Webhooks: thin entry points over lib/webhooks/endpoints (the API's own rules). */
import { revalidatePath } from 'next/cache';
import { createEndpoint, deleteEndpoint, listDeliveries, retryDelivery, updateEndpoint } from '@/lib/webhooks/endpoints';
import { runAction } from './run-action';

export async function createWebhookAction(input: { url: string; events: string[]; description: string }) {
  return runAction(async (ctx) => {
    const endpoint = await createEndpoint(ctx, input);
    revalidatePath('/settings');
    return { endpoint };
  });
}

export async function updateWebhookAction(id: string, input: { url?: string; events?: string[]; description?: string; enabled?: boolean }) {
  return runAction(async (ctx) => {
    const endpoint = await updateEndpoint(ctx, id, input);
    revalidatePath('/settings');
    return { endpoint };
  });
}

export async function deleteWebhookAction(id: string) {
  return runAction(async (ctx) => {
    await deleteEndpoint(ctx, id);
    revalidatePath('/settings');
    return {};
  });
}

export async function webhookDeliveriesAction(id: string, cursor?: string) {
  return runAction(async (ctx) => listDeliveries(ctx, id, cursor ? { limit: '20', cursor } : { limit: '20' }));
}

export async function retryWebhookDeliveryAction(id: string, deliveryId: string) {
  return runAction(async (ctx) => ({ delivery: await retryDelivery(ctx, id, deliveryId) }));
}
