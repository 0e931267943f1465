/**
 * Which requests acme's history holds: how many of each state, how long ago, filed by whom, saying what.
 * Open work is hours or a day or two old (inside its SLA: 48 h for an approval step, 72 h for a desk
 * task); a few items are overdue on purpose; what is done spreads over the past year, the recent months
 * fuller than the old ones.
 */
import type { RecordRow } from '@/lib/operations/define';
import { SYSTEMS, type DemoPeople } from './directory';
import { accessText, departmentOf, gearText, hrText, REMARKS, tripCost, tripText } from './corpus';
import type { Random } from './random';
import type { Snapshot } from './replay';
import { AMOUNTS, TOKENS } from './templates';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OLDEST_DAYS = 390;

export interface PlannedCopy {
  snapshot: string;
  /** Key of the person it is for (their manager decides the manager step). */
  requester: string;
  filedAt: number;
  /** How much slower (> 1) or faster than the model each step came. */
  stretch: number;
  /** Placeholder → the copy's text. */
  text: Record<string, string>;
  /** A model's enum value → the copy's (access type, kind of HR letter). */
  enums: [string, string][];
  amounts: Partial<Record<keyof typeof AMOUNTS, number>>;
  dates: { departure?: number; return?: number; expires?: number };
  /** The model's fields and the copy's, for the titles. */
  modelFields: Record<string, unknown>;
  fields: Record<string, unknown>;
}

interface Bucket {
  snapshot: string;
  count: number;
  /** Hours since the open item's clock started, or since the last event when nothing is open. */
  age: [number, number];
  /** Waiting past its SLA, to show what overdue looks like. */
  overdue?: true;
}

const open = (snapshot: string, count: number, maxHours: number): Bucket => ({ snapshot, count, age: [0.5, maxHours] });
const overdue = (snapshot: string, count: number, hours: [number, number]): Bucket => ({ snapshot, count, age: hours, overdue: true });
const past = (snapshot: string, count: number, days: [number, number]): Bucket => ({ snapshot, count, age: [days[0] * 24, days[1] * 24] });

/** Open approval steps stay under 40 h of their 48; desk tasks under 62 h of their 72. */
const BUCKETS: Bucket[] = [
  open('access:pending', 16, 40), overdue('access:pending', 2, [60, 96]), open('access:it-step', 8, 40), open('access:approved', 8, 62),
  past('access:provisioned', 40, [2, 200]), past('access:provisioned-expiring', 20, [1, 360]), past('access:completed', 120, [3, 365]),
  past('access:rejected', 22, [1, 365]), past('access:rejected-by-it', 10, [1, 365]), past('access:withdrawn', 14, [1, 300]),
  open('hr:pending', 12, 62), overdue('hr:pending', 1, [80, 110]), open('hr:in-progress', 8, 62),
  past('hr:completed-digital', 110, [2, 365]), past('hr:completed-physical', 55, [2, 365]), past('hr:rejected', 22, [1, 365]), past('hr:withdrawn', 12, [1, 300]),
  open('equipment:requested', 16, 40), overdue('equipment:requested', 2, [55, 80]), open('equipment:approved', 8, 62), open('equipment:ordered', 6, 66), open('equipment:shipped', 5, 68),
  past('equipment:delivered', 130, [2, 330]), past('equipment:returned', 30, [5, 365]), past('equipment:rejected', 20, [1, 365]), past('equipment:withdrawn', 12, [1, 300]),
  open('travel:requested', 12, 40), overdue('travel:requested', 1, [50, 70]), open('travel-high:requested', 4, 40), open('travel-high:admin-step', 4, 40),
  open('travel:approved', 6, 62), open('travel-high:approved', 2, 62), past('travel:booked', 24, [1, 40]), past('travel-high:booked', 8, [1, 40]),
  past('travel:completed', 100, [2, 365]), past('travel-high:completed', 35, [3, 365]), past('travel:cancelled', 18, [1, 300]),
  past('travel:rejected', 18, [1, 365]), past('travel-high:rejected-by-admin', 6, [1, 365]), past('travel:withdrawn', 12, [1, 300]),
];

/** How many of the history's open items are overdue on purpose (every other open item is within its SLA). */
export const OVERDUE_ON_PURPOSE = BUCKETS.filter((b) => b.overdue).reduce((sum, b) => sum + b.count, 0);

/** Who may file a copy of the snapshot: nobody acts on their own request, and the admin step needs a manager who is not the admin. */
function requesterPool(snapshot: string, people: DemoPeople): [string, number][] {
  const kind = snapshot.split(':')[0];
  const desk: Record<string, string> = { access: 'ivan', equipment: 'ivan', hr: 'hana', travel: 'tara', 'travel-high': 'tara' };
  return Object.entries(people)
    .filter(([key, p]) => p.managerKey && key !== desk[kind] && !(kind === 'travel-high' && p.managerKey === 'ada'))
    .map(([key, p]) => [key, key === 'alice' ? 3 : p.roles.includes('manager') || p.managerKey === 'ada' ? 0.5 : 1]);
}

function recordOf(snapshot: Snapshot): RecordRow {
  return JSON.parse(snapshot.rows.record[0]) as RecordRow;
}

/** When the copy was filed and how its steps were paced, so that its anchor lies `age` hours back. */
function timing(r: Random, snapshot: Snapshot, age: [number, number], now: number): { filedAt: number; stretch: number } {
  const anchor = snapshot.openSince ?? snapshot.lastAt;
  const gapHours = (snapshot.lastAt - anchor) / HOUR;
  let stretch = r.between(0.5, 1.6);
  if (gapHours * stretch + 0.1 > age[1]) stretch = ((age[1] - 0.1) / gapHours) * r.between(0.6, 0.95);
  const low = Math.max(age[0], gapHours * stretch + 0.1);
  // Filed within the last thirteen months, however long it then took.
  const high = Math.max(low, Math.min(age[1], OLDEST_DAYS * 24 - ((anchor - snapshot.filedAt) / HOUR) * stretch));
  const hours = low + (high - low) * r.next() ** 1.4;
  let filedAt = now - hours * HOUR - (anchor - snapshot.filedAt) * stretch;
  // Older requests were filed in working hours on a working day.
  if (hours > 72) {
    const day = new Date(filedAt);
    day.setUTCHours(r.int(7, 15), r.int(0, 59), r.int(0, 59), 0);
    const weekday = day.getUTCDay();
    const moved = day.getTime() - (weekday === 6 ? DAY : weekday === 0 ? 2 * DAY : 0);
    if (moved + (snapshot.lastAt - snapshot.filedAt) * stretch < now - HOUR) filedAt = moved;
  }
  return { filedAt, stretch };
}

export function plannedCopies(r: Random, people: DemoPeople, snapshots: Map<string, Snapshot>, nowDate: Date): PlannedCopy[] {
  const now = nowDate.getTime();
  const copies: PlannedCopy[] = [];
  let serial = 0;
  for (const bucket of BUCKETS) {
    const snapshot = snapshots.get(bucket.snapshot);
    if (!snapshot) throw new Error(`demo seed: no model snapshot '${bucket.snapshot}'`);
    const pool = requesterPool(bucket.snapshot, people);
    const model = recordOf(snapshot);
    for (let n = 0; n < bucket.count; n++) {
      serial++;
      const requester = r.weighted(pool);
      const department = departmentOf(requester, people[requester].managerKey);
      const copy: PlannedCopy = { snapshot: bucket.snapshot, requester, filedAt: 0, stretch: 1, text: {}, enums: [], amounts: {}, dates: {}, modelFields: model, fields: {} };
      const kind = bucket.snapshot.split(':')[0];
      let age = bucket.age;
      if (kind === 'access') {
        // A grant with an end date is on a system with a longest grant, provisioned within it.
        const expiring = bucket.snapshot === 'access:provisioned-expiring';
        const access = accessText(r, department, expiring ? r.pick(SYSTEMS.filter((s) => s.maxDays)).id : undefined);
        const { system, entitlement } = access;
        if (expiring) age = [age[0], Math.min(age[1], (system.maxDays! - 3) * 24)];
        const accessType = r.weighted([['new', 7], ['modify', 2], ['revoke', 1]] as const);
        copy.text = { [TOKENS.system]: system.id, [TOKENS.entitlement]: entitlement, [TOKENS.justification]: access.justification };
        copy.enums = [['new', accessType]];
        copy.fields = { system_id: system.id, access_type: accessType };
        copy.text[TOKENS.rejectRemark] = r.pick(bucket.snapshot === 'access:rejected-by-it' ? REMARKS.rejectItAccess : REMARKS.rejectAccess);
        Object.assign(copy, timing(r, snapshot, age, now));
        if (expiring) {
          const provisioned = copy.filedAt + (Date.parse(String(model.provisioned_at)) - snapshot.filedAt) * copy.stretch;
          const longest = provisioned + system.maxDays! * DAY;
          const expires = Math.max(provisioned + system.maxDays! * DAY * r.between(0.35, 1), now + r.between(1, 20) * DAY);
          copy.dates.expires = Math.min(expires, longest);
        }
      } else if (kind === 'hr') {
        const letter = hrText(r);
        copy.text = { [TOKENS.description]: letter.description, [TOKENS.url]: `https://docs.acme.example/hr/${letter.type.replace(/_/g, '-')}-${String(serial).padStart(4, '0')}.pdf`, [TOKENS.rejectRemark]: r.pick(REMARKS.rejectHr) };
        copy.enums = [['certificate', letter.type]];
        copy.fields = { type: letter.type };
        Object.assign(copy, timing(r, snapshot, age, now));
      } else if (kind === 'equipment') {
        const gear = gearText(r, serial);
        copy.text = {
          [TOKENS.gear]: gear.type, [TOKENS.specification]: gear.specification, [TOKENS.assetTag]: gear.assetTag, [TOKENS.tracking]: gear.trackingNumber,
          [TOKENS.rejectRemark]: r.pick(REMARKS.rejectGear), [TOKENS.closeRemark]: r.pick(REMARKS.returnGear),
        };
        copy.amounts = { gear: gear.cost };
        copy.fields = { equipment_type: gear.type };
        Object.assign(copy, timing(r, snapshot, age, now));
      } else {
        const longHaul = kind === 'travel-high';
        const trip = tripText(r, department, longHaul);
        const estimate = tripCost(r, longHaul);
        copy.text = {
          [TOKENS.purpose]: trip.purpose, [TOKENS.destination]: trip.destination, [TOKENS.carrier]: trip.carrier, [TOKENS.hotel]: trip.hotel,
          [TOKENS.reference]: trip.bookingReference,
          [TOKENS.rejectRemark]: r.pick(REMARKS.rejectTrip), [TOKENS.closeRemark]: r.pick(REMARKS.cancelTrip),
        };
        const actual = Math.round(estimate * r.between(0.84, 1.07) * 100) / 100;
        copy.amounts = longHaul ? { tripHigh: estimate, actualHigh: actual } : { tripLow: estimate, actualLow: actual };
        copy.fields = { destination: trip.destination };
        Object.assign(copy, timing(r, snapshot, age, now));
        copy.dates = tripDates(r, snapshot, model, copy, now);
        copy.text[TOKENS.itinerary] = trip.itinerary(copy.dates.departure!, copy.dates.return!);
      }
      copy.text[TOKENS.approveRemark] = r.pick(REMARKS.approve);
      copies.push(copy);
    }
  }
  return copies;
}

/** A trip's dates: after its booking and before it was closed; otherwise some weeks after filing. */
function tripDates(r: Random, snapshot: Snapshot, model: RecordRow, copy: PlannedCopy, now: number): PlannedCopy['dates'] {
  const at = (ms: number) => copy.filedAt + (ms - snapshot.filedAt) * copy.stretch;
  const length = r.int(1, 4) * DAY + r.int(7, 10) * HOUR;
  const morning = (ms: number) => {
    const d = new Date(ms);
    d.setUTCHours(r.int(6, 10), r.pick([0, 15, 30, 45]), 0, 0);
    return d.getTime();
  };
  let departure: number;
  if (model.status === 'completed') {
    const closed = at(snapshot.lastAt);
    departure = morning(closed - length - r.between(0.5, 4) * DAY);
  } else if (model.status === 'booked') {
    departure = morning(Math.max(at(Date.parse(String(model.booked_at))) + r.between(2, 30) * DAY, now + r.between(-3, 25) * DAY));
  } else {
    departure = morning(copy.filedAt + r.between(8, 45) * DAY);
  }
  return { departure, return: departure + length };
}
