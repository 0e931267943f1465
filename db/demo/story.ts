/**
 * Plays a demo story through the domain services: a request filed by someone at a moment, then what
 * others do to it, each at its own moment. The services make the approval items, desk tasks, history and
 * notifications exactly as the app would; the seed's clock only says when.
 */
import type { Caller } from '@/lib/auth/caller';
import type { Ctx, SettableClock } from '@/lib/data/context';
import type { TenantDb } from '@/lib/data/tenant-db';
import { createRecord, deleteRecord, performAction, updateRecord } from '@/lib/operations/service';
import { pending, type RecordType } from '@/lib/operations/registry';
import type { DemoPeople } from './directory';

export interface StoryStep {
  /** Who acts: a key of the stage's people. */
  by: string;
  /** An action of the type, `withdraw` (the soft delete), or `update` (a pending item's status). */
  action: string;
  at: Date;
  body?: Record<string, unknown>;
}

export interface Story {
  type: RecordType;
  by: string;
  at: Date;
  fields: Record<string, unknown>;
  steps?: StoryStep[];
}

/** Where stories are played: one tenant's transaction, its people, and the clock that dates each event. */
export interface Stage {
  db: TenantDb;
  clock: SettableClock;
  people: DemoPeople;
}

export function callerOf(stage: Stage, key: string): Caller {
  const person = stage.people[key];
  if (!person) throw new Error(`demo seed: no person '${key}'`);
  return { tenantId: stage.db.tenantId, personId: person.id, roles: person.roles, appId: null, sourceType: 'frontend' };
}

/** The person's context with the clock set to the moment they act. */
export function actingAt(stage: Stage, key: string, at: Date): Ctx {
  stage.clock.set(at);
  return { caller: callerOf(stage, key), db: stage.db, clock: stage.clock, root: stage.db };
}

async function act(ctx: Ctx, type: RecordType, id: string, step: StoryStep): Promise<void> {
  const body = step.body ?? {};
  if (step.action === 'withdraw') return deleteRecord(ctx, type, id);
  if (step.action === 'update') {
    await updateRecord(ctx, type, id, body);
    return;
  }
  if (Object.hasOwn(type.actions, step.action)) {
    await performAction(ctx, type, id, step.action, body);
    return;
  }
  // Equipment and travel are decided on their approval item (api.md, Lifecycles).
  const item = await ctx.db
    .selectFrom('pending_items')
    .select('id')
    .where('entity_id', '=', id)
    .where('type', '=', 'approval')
    .where('status', '!=', 'completed')
    .executeTakeFirstOrThrow();
  await performAction(ctx, pending, item.id, step.action, body);
}

/**
 * Files the story's request and takes its steps in order; `afterEach` runs after the filing (step -1)
 * and after each step, while the request stands as that step left it. Answers the request's id.
 */
export async function playStory(stage: Stage, story: Story, afterEach?: (id: string, step: number) => Promise<void>): Promise<string> {
  const record = await createRecord(actingAt(stage, story.by, story.at), story.type, story.fields);
  await afterEach?.(record.id, -1);
  for (const [index, step] of (story.steps ?? []).entries()) {
    await act(actingAt(stage, step.by, step.at), story.type, record.id, step);
    await afterEach?.(record.id, index);
  }
  return record.id;
}
