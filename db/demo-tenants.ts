/**
 * Who the demo tenants are (product.md): plain data, so the sign-in page can name the demo tenants without
 * loading the seed (db/seed.ts), which files their requests through the domain services.
 */
import type { Role } from './schema';

export interface PersonSeed {
  key: string;
  name: string;
  roles: Role[];
  manager?: string;
}

export const DEMO_PASSWORD = 'demo';

export const DEMO_PEOPLE: PersonSeed[] = [
  { key: 'alice', name: 'Alice Archer', roles: ['employee'], manager: 'bob' },
  { key: 'bob', name: 'Bob Brennan', roles: ['employee', 'manager'], manager: 'ada' },
  { key: 'hana', name: 'Hana Hoshino', roles: ['employee', 'hr'], manager: 'ada' },
  { key: 'ivan', name: 'Ivan Ilic', roles: ['employee', 'it'], manager: 'ada' },
  { key: 'tara', name: 'Tara Thompson', roles: ['employee', 'travel'], manager: 'ada' },
  { key: 'ada', name: 'Ada Adeyemi', roles: ['employee', 'admin'] },
];

export interface DemoTenant {
  slug: string;
  name: string;
  domain: string;
  /** The full demo gives this tenant the rest of its organisation and a year of history (db/demo). */
  organisation?: boolean;
}

export const DEMO_TENANTS: DemoTenant[] = [
  { slug: 'acme', name: 'Acme Corp', domain: 'acme.example', organisation: true },
  { slug: 'globex', name: 'Globex Inc', domain: 'globex.example' },
];
