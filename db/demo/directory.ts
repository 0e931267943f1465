/**
 * The demo directory (engine.md §3a): the six demo people's titles and start dates, approver groups, the
 * systems catalogue and — in acme's full demo — the rest of the organisation: five more managers reporting
 * to Ada, each with a team, and more engineers on Bob's, so approvals spread over several inboxes.
 */
import type { Kysely } from 'kysely';
import type { Database, Role } from '../schema';
import type { Clock } from '@/lib/data/context';

export interface DemoPerson {
  id: string;
  roles: Role[];
  name: string;
  managerKey: string | null;
}
export type DemoPeople = Record<string, DemoPerson>;

const TITLES: Record<string, [title: string, startedOn: string]> = {
  alice: ['Software engineer', '2023-03-06'],
  bob: ['Engineering manager', '2019-09-02'],
  hana: ['HR partner', '2021-01-11'],
  ivan: ['IT administrator', '2020-06-15'],
  tara: ['Travel coordinator', '2022-04-04'],
  ada: ['Head of operations', '2018-02-01'],
};

const GROUPS: { name: string; description: string; members: string[] }[] = [
  { name: 'Finance', description: 'Approves spend above the usual limits.', members: ['ada', 'bob'] },
  { name: 'Legal', description: 'Reviews contracts and data access.', members: ['hana'] },
];

export interface DemoSystem {
  id: string;
  name: string;
  owners: string[];
  entitlements: string[];
  maxDays: number | null;
}

/** Every system_id the demo requests use is in the catalogue, so they stay valid against it. */
export const SYSTEMS: DemoSystem[] = [
  { id: 'github', name: 'GitHub', owners: ['ivan'], entitlements: ['read', 'write', 'admin'], maxDays: null },
  { id: 'aws', name: 'AWS', owners: ['ivan', 'ada'], entitlements: ['read-only', 'power-user', 'admin'], maxDays: 90 },
  { id: 'slack', name: 'Slack', owners: ['ivan'], entitlements: ['member', 'admin'], maxDays: null },
  { id: 'figma', name: 'Figma', owners: ['ivan'], entitlements: ['viewer', 'editor'], maxDays: null },
  { id: 'salesforce', name: 'Salesforce', owners: ['ada'], entitlements: ['read-only', 'standard', 'admin'], maxDays: 365 },
  { id: 'jira', name: 'Jira', owners: ['ivan'], entitlements: ['viewer', 'member', 'admin'], maxDays: null },
  { id: 'prod-db', name: 'Production database', owners: ['ivan'], entitlements: ['read-only', 'read-write'], maxDays: 30 },
  { id: 'okta', name: 'Okta', owners: ['ivan', 'ada'], entitlements: ['user', 'manager', 'admin'], maxDays: null },
  { id: 'workday', name: 'Workday', owners: ['hana'], entitlements: ['employee', 'hr-partner'], maxDays: 365 },
  { id: 'zendesk', name: 'Zendesk', owners: ['ivan'], entitlements: ['light-agent', 'agent', 'admin'], maxDays: null },
  { id: 'hubspot', name: 'HubSpot', owners: ['ada'], entitlements: ['viewer', 'marketer', 'admin'], maxDays: null },
  { id: 'looker', name: 'Looker', owners: ['ivan'], entitlements: ['viewer', 'explorer', 'developer'], maxDays: 180 },
  { id: 'netsuite', name: 'NetSuite', owners: ['ada'], entitlements: ['read-only', 'accountant', 'admin'], maxDays: 365 },
  { id: 'datadog', name: 'Datadog', owners: ['ivan'], entitlements: ['read-only', 'standard', 'admin'], maxDays: null },
  { id: 'vpn', name: 'Corporate VPN', owners: ['ivan'], entitlements: ['employee', 'contractor'], maxDays: 365 },
  { id: 'notion', name: 'Notion', owners: ['ivan'], entitlements: ['guest', 'member', 'admin'], maxDays: null },
];

interface OrgPerson {
  key: string;
  name: string;
  title: string;
  startedOn: string;
  manager: string;
  roles?: Role[];
}

/** Acme beyond the six: who reports to whom. Managers first, so every manager exists before their team. */
const ORG: OrgPerson[] = [
  { key: 'priya', name: 'Priya Raman', title: 'Head of sales', startedOn: '2019-04-01', manager: 'ada', roles: ['employee', 'manager'] },
  { key: 'marcus', name: 'Marcus Webb', title: 'Marketing manager', startedOn: '2020-02-17', manager: 'ada', roles: ['employee', 'manager'] },
  { key: 'sofia', name: 'Sofia Lindqvist', title: 'Finance manager', startedOn: '2018-10-08', manager: 'ada', roles: ['employee', 'manager'] },
  { key: 'daniel', name: 'Daniel Okafor', title: 'Customer success manager', startedOn: '2021-03-01', manager: 'ada', roles: ['employee', 'manager'] },
  { key: 'elena', name: 'Elena Petrova', title: 'Design lead', startedOn: '2020-09-14', manager: 'ada', roles: ['employee', 'manager'] },
  // Engineering, with Bob.
  { key: 'noah', name: 'Noah Fischer', title: 'Senior software engineer', startedOn: '2020-01-13', manager: 'bob' },
  { key: 'mei', name: 'Mei Tanaka', title: 'Software engineer', startedOn: '2022-08-22', manager: 'bob' },
  { key: 'lucas', name: 'Lucas Moreau', title: 'Site reliability engineer', startedOn: '2021-06-07', manager: 'bob' },
  { key: 'amara', name: 'Amara Nwosu', title: 'Data engineer', startedOn: '2022-02-14', manager: 'bob' },
  { key: 'jonas', name: 'Jonas Berg', title: 'Staff engineer', startedOn: '2019-11-04', manager: 'bob' },
  { key: 'isabel', name: 'Isabel Costa', title: 'QA engineer', startedOn: '2023-01-09', manager: 'bob' },
  { key: 'ravi', name: 'Ravi Menon', title: 'Software engineer', startedOn: '2024-02-05', manager: 'bob' },
  { key: 'hugo', name: 'Hugo Lambert', title: 'Security engineer', startedOn: '2021-10-18', manager: 'bob' },
  // Sales, with Priya.
  { key: 'liam', name: 'Liam Gallagher', title: 'Account executive', startedOn: '2022-05-02', manager: 'priya' },
  { key: 'chloe', name: 'Chloe Martin', title: 'Account executive', startedOn: '2023-04-17', manager: 'priya' },
  { key: 'mateo', name: 'Mateo Garcia', title: 'Sales engineer', startedOn: '2021-08-09', manager: 'priya' },
  { key: 'zara', name: 'Zara Ahmed', title: 'Account manager', startedOn: '2020-11-23', manager: 'priya' },
  { key: 'ethan', name: 'Ethan Brooks', title: 'Sales development representative', startedOn: '2024-01-15', manager: 'priya' },
  { key: 'olivia', name: 'Olivia Rossi', title: 'Account executive', startedOn: '2022-09-26', manager: 'priya' },
  { key: 'kenji', name: 'Kenji Watanabe', title: 'Regional sales lead, APAC', startedOn: '2019-07-01', manager: 'priya' },
  // Marketing, with Marcus.
  { key: 'nora', name: 'Nora Lindgren', title: 'Content strategist', startedOn: '2022-03-14', manager: 'marcus' },
  { key: 'diego', name: 'Diego Alvarez', title: 'Performance marketer', startedOn: '2023-06-05', manager: 'marcus' },
  { key: 'leah', name: 'Leah Goldberg', title: 'Product marketing lead', startedOn: '2021-02-01', manager: 'marcus' },
  { key: 'samir', name: 'Samir Haddad', title: 'Brand designer', startedOn: '2022-10-10', manager: 'marcus' },
  { key: 'ines', name: 'Ines Duarte', title: 'Events coordinator', startedOn: '2023-09-04', manager: 'marcus' },
  // Finance, with Sofia.
  { key: 'tom', name: 'Tom Becker', title: 'Accountant', startedOn: '2021-04-12', manager: 'sofia' },
  { key: 'yara', name: 'Yara Khalil', title: 'Financial analyst', startedOn: '2022-07-18', manager: 'sofia' },
  { key: 'paul', name: 'Paul Dubois', title: 'Payroll specialist', startedOn: '2020-05-04', manager: 'sofia' },
  { key: 'grace', name: 'Grace Kim', title: 'Procurement lead', startedOn: '2019-12-02', manager: 'sofia' },
  // Customer success, with Daniel.
  { key: 'emma', name: 'Emma Wilson', title: 'Customer success manager', startedOn: '2022-01-10', manager: 'daniel' },
  { key: 'arjun', name: 'Arjun Patel', title: 'Support engineer', startedOn: '2021-09-20', manager: 'daniel' },
  { key: 'felix', name: 'Felix Wagner', title: 'Onboarding specialist', startedOn: '2023-02-27', manager: 'daniel' },
  { key: 'lina', name: 'Lina Sorensen', title: 'Support engineer', startedOn: '2024-03-11', manager: 'daniel' },
  { key: 'omar', name: 'Omar Farouk', title: 'Technical account manager', startedOn: '2020-08-03', manager: 'daniel' },
  { key: 'rosa', name: 'Rosa Jimenez', title: 'Customer success manager', startedOn: '2023-11-06', manager: 'daniel' },
  // Product design, with Elena.
  { key: 'julia', name: 'Julia Schmidt', title: 'Product designer', startedOn: '2021-05-17', manager: 'elena' },
  { key: 'kofi', name: 'Kofi Mensah', title: 'UX researcher', startedOn: '2022-11-14', manager: 'elena' },
  { key: 'ana', name: 'Ana Ribeiro', title: 'Product designer', startedOn: '2023-07-24', manager: 'elena' },
  { key: 'max', name: 'Max Hoffmann', title: 'Product manager', startedOn: '2020-03-30', manager: 'elena' },
];

/** Titles and start dates of the six, the groups and the catalogue: every demo tenant has them. */
export async function seedDirectory(db: Kysely<Database>, clock: Clock, tenantId: string, people: DemoPeople): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const [key, [title, startedOn]] of Object.entries(TITLES)) {
      await trx.updateTable('people').set({ title, started_on: startedOn }).where('tenant_id', '=', tenantId).where('id', '=', people[key].id).execute();
    }
    for (const group of GROUPS) {
      const id = clock.id('grp');
      await trx.insertInto('groups').values({ tenant_id: tenantId, id, name: group.name, description: group.description }).execute();
      await trx.insertInto('group_members').values(group.members.map((key) => ({ tenant_id: tenantId, group_id: id, person_id: people[key].id }))).execute();
    }
    await trx
      .insertInto('systems')
      .values(SYSTEMS.map((s) => ({ tenant_id: tenantId, id: s.id, name: s.name, owner_ids: s.owners.map((key) => people[key].id), entitlements: s.entitlements, max_days: s.maxDays })))
      .execute();
  });
}

/**
 * The rest of the organisation (acme's full demo): each with a title, a start date, a manager and the
 * demo password, so a buyer can sign in as any manager to see their inbox. Adds them to `people`.
 */
export async function seedOrganisation(
  db: Kysely<Database>,
  clock: Clock,
  tenant: { id: string; domain: string },
  people: DemoPeople,
  passwordHash: string,
): Promise<void> {
  for (const p of ORG) people[p.key] = { id: clock.id('per'), roles: p.roles ?? ['employee'], name: p.name, managerKey: p.manager };
  await db.transaction().execute(async (trx) => {
    for (const p of ORG) {
      const email = `${p.key}@${tenant.domain}`;
      await trx
        .insertInto('people')
        .values({
          tenant_id: tenant.id,
          id: people[p.key].id,
          email,
          name: p.name,
          roles: people[p.key].roles,
          manager_id: people[p.manager].id,
          password_hash: passwordHash,
          title: p.title,
          started_on: p.startedOn,
        })
        .execute();
      await trx.insertInto('login_emails').values({ email, tenant_id: tenant.id, person_id: people[p.key].id }).execute();
    }
  });
}
