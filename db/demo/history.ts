/**
 * Acme's history (the full demo): hundreds of requests of every type in every state, filed over the last
 * year by the whole organisation, dated from the day of seeding. Open work is recent and within its SLA
 * (a few items are overdue on purpose), so every inbox holds what a real one would and nothing is late by
 * accident.
 *
 * How: each path a request can take is played once through the domain services by stand-ins
 * (templates.ts), inside a savepoint that is rolled back; each state on the way is kept as a snapshot;
 * then every request of the history is a copy of one snapshot with its own requester (and their manager
 * as the approver), text, amounts and dates (replay.ts). Open items' SLA clocks and expiring grants'
 * checks are then started by the engine's own functions, as of the moment the copy says they began.
 */
import { sql } from 'kysely';
import { priorityFor } from '@/lib/operations/approvals';
import type { RecordRow } from '@/lib/operations/define';
import { scheduleExpiryCheck } from '@/lib/expiry/schedule';
import { startSlaClock } from '@/lib/sla/clock';
import { accessRequest } from '@/lib/operations/registry';
import { plannedCopies, type PlannedCopy } from './plan';
import { seededRandom } from './random';
import { captureSnapshot, copyPattern, copyRows, CopyWriter, snapshotIds, type CopyValues, type Snapshot } from './replay';
import { actingAt, playStory, type Stage } from './story';
import { AMOUNTS, modelRuns, STAND_INS, storyDates, TOKENS } from './templates';

interface StandIn {
  id: string;
  name: string;
}

/** Plays every model run by the stand-ins and keeps its snapshots; leaves nothing of them behind. */
async function takeSnapshots(stage: Stage, t0: number): Promise<{ snapshots: Map<string, Snapshot>; standIns: Record<'requester' | 'manager', StandIn> }> {
  const snapshots = new Map<string, Snapshot>();
  const { db } = stage;
  await sql`savepoint demo_models`.execute(db.connection);
  const people = { ...stage.people };
  for (const [key, managerKey] of [[STAND_INS.manager, 'ada'], [STAND_INS.requester, STAND_INS.manager]] as const) {
    people[key] = { id: stage.clock.id('per'), roles: ['employee'], name: standInName(key), managerKey };
    await db.insertInto('people', { id: people[key].id, email: `${key}@models.invalid`, name: people[key].name, roles: ['employee'], manager_id: people[managerKey].id }).execute();
  }
  await db.insertInto('systems', { id: TOKENS.system, name: TOKENS.system, owner_ids: [stage.people.ivan.id], entitlements: [TOKENS.entitlement], max_days: null }).execute();
  for (const { story, snapshots: names } of modelRuns(t0)) {
    const times = [story.at.getTime(), ...(story.steps ?? []).map((s) => s.at.getTime())];
    await playStory({ ...stage, people }, story, async (id, step) => {
      const name = names[step + 1];
      if (name) snapshots.set(name, await captureSnapshot(db, name, story.type, id, times[0], times[step + 1]));
    });
  }
  await sql`rollback to savepoint demo_models`.execute(db.connection);
  const standIn = (key: string): StandIn => ({ id: people[key].id, name: people[key].name });
  return { snapshots, standIns: { requester: standIn(STAND_INS.requester), manager: standIn(STAND_INS.manager) } };
}

/** A stand-in's name: its placeholder, capitalised like a name. */
const standInName = (key: string) => key.replace(/^zq/, 'Zq');

/** The strings and amounts a copy of the snapshot replaces, and with what. */
function copyValues(snapshot: Snapshot, copy: PlannedCopy, stage: Stage, standIns: Record<'requester' | 'manager', StandIn>, t0: number): CopyValues {
  const requester = stage.people[copy.requester];
  const manager = stage.people[requester.managerKey!];
  const strings = new Map<string, string>();
  for (const id of snapshotIds(snapshot)) strings.set(id, stage.clock.id(id.slice(0, id.indexOf('_'))));
  strings.set(standIns.requester.id, requester.id);
  strings.set(standIns.requester.name, requester.name);
  strings.set(standIns.manager.id, manager.id);
  strings.set(standIns.manager.name, manager.name);
  for (const [token, value] of Object.entries(copy.text)) strings.set(token, JSON.stringify(value).slice(1, -1));
  for (const [model, value] of copy.enums) strings.set(JSON.stringify(model), JSON.stringify(value));
  strings.set(snapshot.type.title(copy.modelFields), JSON.stringify(snapshot.type.title(copy.fields)).slice(1, -1));
  const dates = storyDates(t0);
  const special = new Map<number, number>([
    [dates.departure, copy.dates.departure ?? dates.departure],
    [dates.return, copy.dates.return ?? dates.return],
    [dates.expires, copy.dates.expires ?? dates.expires],
  ]);
  const amounts = new Map(Object.entries(copy.amounts).map(([name, value]) => [AMOUNTS[name as keyof typeof AMOUNTS], value]));
  return { strings, amounts, time: (ms) => special.get(ms) ?? Math.round(copy.filedAt + (ms - snapshot.filedAt) * copy.stretch) };
}

export async function seedHistory(stage: Stage, now: Date): Promise<void> {
  const t0 = now.getTime();
  const { snapshots, standIns } = await takeSnapshots(stage, t0);
  const plan = plannedCopies(seededRandom(20261130), stage.people, snapshots, now);
  const writer = new CopyWriter();
  const patterns = new Map<string, RegExp>();
  const opened: { id: string; at: number; requester: string }[] = [];
  const grants: { row: RecordRow; requester: string }[] = [];
  for (const copy of plan) {
    const snapshot = snapshots.get(copy.snapshot)!;
    const values = copyValues(snapshot, copy, stage, standIns, t0);
    // Every copy of a snapshot replaces the same strings (its ids, the stand-ins, the placeholders), so one pattern serves them all.
    let pattern = patterns.get(snapshot.name);
    if (!pattern) patterns.set(snapshot.name, (pattern = copyPattern(values.strings.keys(), values.amounts.keys())));
    const rows = copyRows(snapshot, pattern, values);
    for (const item of rows.pending_items) {
      if (item.status === 'completed') continue;
      // The copy's clock starts below, as of when its step opened; the priority is the one it had then.
      item.sla_cycle = Number(item.sla_cycle) - 1;
      item.priority = priorityFor(snapshot.type, rows.record[0], new Date(String(item.sla_started_at)));
      opened.push({ id: String(item.id), at: Date.parse(String(item.sla_started_at)), requester: copy.requester });
    }
    for (const notification of rows.notifications) {
      // What happened more than a day ago has been read.
      const created = Date.parse(String(notification.created_at));
      if (!notification.read_at && created < t0 - 24 * 3_600_000) notification.read_at = new Date(created + 47 * 60_000).toISOString();
    }
    if (snapshot.type === accessRequest && rows.record[0].status === 'provisioned') grants.push({ row: rows.record[0] as RecordRow, requester: copy.requester });
    writer.add(snapshot.type, rows);
  }
  await writer.write(stage.db);
  for (const item of opened) await startSlaClock(actingAt(stage, item.requester, new Date(item.at)), item.id);
  for (const grant of grants) await scheduleExpiryCheck(actingAt(stage, grant.requester, now), grant.row);
}
