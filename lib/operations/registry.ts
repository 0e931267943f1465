/** The five record types. Everything generic iterates this list. */
import { accessRequest } from './types/access-request';
import { equipment } from './types/equipment';
import { hrRequest } from './types/hr-request';
import { pending } from './types/pending';
import { travel } from './types/travel';
import type { RecordType } from './define';

export const recordTypes = [accessRequest, hrRequest, pending, equipment, travel] as unknown as readonly RecordType[];

const byResource = new Map(recordTypes.map((t) => [t.resource as string, t]));
const byName = new Map(recordTypes.map((t) => [t.name as string, t]));
const byPrefix = new Map(recordTypes.map((t) => [t.prefix, t]));

export function typeByResource(resource: string): RecordType | undefined {
  return byResource.get(resource);
}

export function typeByName(name: string): RecordType | undefined {
  return byName.get(name);
}

export function typeOfId(id: string): RecordType | undefined {
  return byPrefix.get(id.split('_')[0]);
}

export { accessRequest, equipment, hrRequest, pending, travel };
export type { RecordType };
