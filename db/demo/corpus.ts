/**
 * What the demo's requests say: purposes, destinations, systems, equipment, letters — varied by the
 * requester's department, so a list reads like a real company's and search finds something for most words.
 */
import { SYSTEMS, type DemoSystem } from './directory';
import type { Random } from './random';

export type Department = 'engineering' | 'sales' | 'marketing' | 'finance' | 'success' | 'design' | 'operations';

/** A person's department, from the manager they report to. */
export function departmentOf(key: string, managerKey: string | null): Department {
  const byLead: Record<string, Department> = { bob: 'engineering', priya: 'sales', marcus: 'marketing', sofia: 'finance', daniel: 'success', elena: 'design' };
  return byLead[key] ?? byLead[managerKey ?? ''] ?? 'operations';
}

const CUSTOMERS = ['Northwind Traders', 'Initech', 'Umbrella Health', 'Stark Freight', 'Vandelay Imports', 'Wonka Foods', 'Soylent Logistics', 'Hooli Cloud', 'Pied Piper', 'Tyrell Biotech', 'Cyberdyne Systems', 'Monarch Airlines'];

interface City {
  name: string;
  /** Long-haul trips cost more than the approval threshold and go to an admin too. */
  longHaul: boolean;
  carriers: string[];
  hotels: string[];
}

const CITIES: City[] = [
  { name: 'Berlin', longHaul: false, carriers: ['Lufthansa', 'Deutsche Bahn'], hotels: ['Hotel Adlon', 'Motel One Berlin-Hauptbahnhof'] },
  { name: 'Munich', longHaul: false, carriers: ['Lufthansa', 'Deutsche Bahn'], hotels: ['Hotel Bayerischer Hof', 'Motel One München-Sendlinger Tor'] },
  { name: 'Paris', longHaul: false, carriers: ['Air France', 'Eurostar'], hotels: ['Hôtel Le Marais', 'Novotel Paris Centre'] },
  { name: 'London', longHaul: false, carriers: ['British Airways', 'Eurostar'], hotels: ['The Hoxton, Holborn', 'citizenM Tower of London'] },
  { name: 'Amsterdam', longHaul: false, carriers: ['KLM'], hotels: ['Hotel V Nesplein', 'Pulitzer Amsterdam'] },
  { name: 'Madrid', longHaul: false, carriers: ['Iberia'], hotels: ['Only YOU Boutique Hotel', 'NH Collection Madrid Suecia'] },
  { name: 'Barcelona', longHaul: false, carriers: ['Vueling', 'Iberia'], hotels: ['Hotel Casa Fuster', 'Catalonia Passeig de Gràcia'] },
  { name: 'Lisbon', longHaul: false, carriers: ['TAP Air Portugal'], hotels: ['Memmo Alfama', 'Lisboa Plaza'] },
  { name: 'Dublin', longHaul: false, carriers: ['Aer Lingus'], hotels: ['The Marker', 'The Dean Dublin'] },
  { name: 'Stockholm', longHaul: false, carriers: ['SAS'], hotels: ['Haymarket by Scandic', 'Hotel Skeppsholmen'] },
  { name: 'Copenhagen', longHaul: false, carriers: ['SAS'], hotels: ['Hotel Sanders', 'Absalon Hotel'] },
  { name: 'Zurich', longHaul: false, carriers: ['Swiss', 'SBB'], hotels: ['25hours Hotel Langstrasse', 'Hotel Schweizerhof'] },
  { name: 'Vienna', longHaul: false, carriers: ['Austrian Airlines', 'ÖBB Railjet'], hotels: ['Hotel Sacher', 'Motel One Wien-Staatsoper'] },
  { name: 'Warsaw', longHaul: false, carriers: ['LOT Polish Airlines'], hotels: ['Raffles Europejski', 'Novotel Warszawa Centrum'] },
  { name: 'Prague', longHaul: false, carriers: ['Czech Airlines', 'Lufthansa'], hotels: ['Hotel Josef', 'Hotel Paris Prague'] },
  { name: 'Milan', longHaul: false, carriers: ['ITA Airways', 'Trenitalia'], hotels: ['Room Mate Giulia', 'Hotel Principe di Savoia'] },
  { name: 'New York', longHaul: true, carriers: ['Delta', 'United'], hotels: ['The Standard, High Line', 'Arlo SoHo'] },
  { name: 'Boston', longHaul: true, carriers: ['Delta', 'Aer Lingus'], hotels: ['The Envoy', 'Omni Parker House'] },
  { name: 'Chicago', longHaul: true, carriers: ['United', 'American Airlines'], hotels: ['Hotel Chicago Downtown', 'The Robey'] },
  { name: 'Austin', longHaul: true, carriers: ['American Airlines', 'United'], hotels: ['South Congress Hotel', 'Hotel Van Zandt'] },
  { name: 'San Francisco', longHaul: true, carriers: ['United', 'Lufthansa'], hotels: ['Hotel Zetta', 'Kimpton Alton'] },
  { name: 'Seattle', longHaul: true, carriers: ['Alaska Airlines', 'Delta'], hotels: ['Thompson Seattle', 'Hotel Theodore'] },
  { name: 'Toronto', longHaul: true, carriers: ['Air Canada'], hotels: ['The Drake Hotel', 'Kimpton Saint George'] },
  { name: 'Singapore', longHaul: true, carriers: ['Singapore Airlines'], hotels: ['Hotel G Singapore', 'PARKROYAL COLLECTION Pickering'] },
  { name: 'Tokyo', longHaul: true, carriers: ['ANA', 'Japan Airlines'], hotels: ['Hotel Gracery Shinjuku', 'The Tokyo Station Hotel'] },
  { name: 'Sydney', longHaul: true, carriers: ['Qantas'], hotels: ['QT Sydney', 'Ovolo Woolloomooloo'] },
  { name: 'Dubai', longHaul: true, carriers: ['Emirates'], hotels: ['Rove Downtown', 'Jumeirah Emirates Towers'] },
];

const PURPOSES: Record<Department, string[]> = {
  engineering: ['Talk at the {city} platform engineering meetup', 'On-site architecture review with {customer}', 'Data-centre migration planning with the hosting provider', 'Engineering offsite: roadmap planning', 'KubeCon workshop and booth duty', 'Incident review with {customer}’s platform team', 'Pairing week with the {city} contractors'],
  sales: ['Quarterly business review with {customer}', 'Contract negotiation with {customer}', 'Renewal meeting at {customer}’s headquarters', 'Regional sales summit', 'Trade fair booth and customer dinners', 'Executive sponsor visit to {customer}', 'Proof-of-concept kickoff at {customer}'],
  marketing: ['Booth at the {city} SaaS Summit', 'Customer case-study interviews at {customer}', 'Agency workshop on the spring campaign', 'Product launch event', 'Press tour for the annual report', 'Partner co-marketing planning'],
  finance: ['Year-end audit fieldwork with the auditors', 'Meeting with the {city} tax advisers', 'Bank relationship review', 'Procurement negotiation with a hardware supplier', 'Finance systems conference'],
  success: ['Onboarding workshop at {customer}', 'Health-check visit to {customer}', 'Escalation meeting at {customer}', 'Customer advisory board', 'Training day for {customer}’s administrators', 'Renewal planning with {customer}'],
  design: ['User research sessions with {customer}', 'Design systems conference', 'Usability testing at {customer}', 'Design sprint with the {city} product team', 'Accessibility workshop'],
  operations: ['Office lease viewing for the {city} team', 'Vendor review with the travel agency', 'Leadership offsite', 'Annual HR conference', 'IT vendor roadmap briefing'],
};

function fill(text: string, r: Random, city: string): string {
  return text.replace('{customer}', r.pick(CUSTOMERS)).replace('{city}', city);
}

export interface TripText {
  purpose: string;
  destination: string;
  longHaul: boolean;
  carrier: string;
  hotel: string;
  bookingReference: string;
  /** The itinerary the travel desk writes, once the trip's times are known. */
  itinerary(departure: number, back: number): string;
}

const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const code = (r: Random, length: number) => Array.from({ length }, () => (r.chance(0.3) ? String(r.int(0, 9)) : r.pick([...LETTERS]))).join('');
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 16);

export function tripText(r: Random, department: Department, longHaul: boolean): TripText {
  const city = r.pick(CITIES.filter((c) => c.longHaul === longHaul));
  const carrier = r.pick(city.carriers);
  const rail = /Bahn|Eurostar|SBB|ÖBB|Trenitalia/.test(carrier);
  const number = `${carrier.slice(0, 2).toUpperCase()} ${r.int(100, 9899)}`;
  return {
    purpose: fill(r.pick(PURPOSES[department]), r, city.name),
    destination: city.name,
    longHaul,
    carrier,
    hotel: r.pick(city.hotels),
    bookingReference: code(r, 6),
    itinerary: (departure, back) =>
      rail
        ? `Train ${number} out at ${clock(departure)}, back at ${clock(back)} (UTC); seats reserved in coach 7.`
        : `Flight ${number} out at ${clock(departure)}, return flight at ${clock(back)} (UTC); one checked bag included.`,
  };
}

/** An estimate for a trip: long-haul above the admin threshold (2,000), short-haul below it. */
export function tripCost(r: Random, longHaul: boolean): number {
  return Math.round((longHaul ? r.between(2150, 5600) : r.between(320, 1950)) * 100) / 100;
}

const SYSTEM_REASONS: Record<string, string[]> = {
  github: ['Push access to the {repo} repository for the {project} work.', 'Review rights on {repo} while I cover the release rotation.', 'Access to the {repo} repository to fix the flaky integration tests.'],
  aws: ['Read-only access to the staging account to debug the {project} export.', 'Power-user access in the sandbox account to test the new {project} pipeline.', 'Temporary admin access to rotate the {project} credentials.'],
  slack: ['Join the shared channel with {customer}.', 'Admin rights to set up the workspace for the {project} launch.'],
  figma: ['Editor seat to work on the {project} designs.', 'Viewer access to review the {project} mock-ups with the team.'],
  salesforce: ['Access to the {customer} account records for the renewal.', 'Standard licence to manage my own pipeline.', 'Read-only access for the quarterly forecast analysis.'],
  jira: ['Member access to the {project} board.', 'Admin rights on the {project} project to set up the new workflow.'],
  'prod-db': ['Read-only access to investigate the {project} data discrepancy.', 'Read access during the on-call week.'],
  okta: ['Manager role to onboard the new hires on my team.', 'Access to assign applications to my team during the reorganisation.'],
  workday: ['Access to approve my team’s time off and expenses.', 'HR partner access for the {project} review cycle.'],
  zendesk: ['Agent seat to answer tickets from {customer}.', 'Light-agent access to follow the escalations of my accounts.'],
  hubspot: ['Marketer access to build the {project} campaign.', 'Viewer access to see which campaigns reached {customer}.'],
  looker: ['Explorer access to build the {project} dashboard.', 'Developer access to model the new revenue metrics.'],
  netsuite: ['Accountant access for the month-end close.', 'Read-only access to reconcile the {customer} invoices.'],
  datadog: ['Access to the dashboards and monitors of the {project} service.', 'Admin rights to set up the on-call alerts for {project}.'],
  vpn: ['VPN access to reach the internal tools while travelling.', 'Contractor VPN profile for the {project} work.'],
  notion: ['Member access to the {project} team space.', 'Admin rights to reorganise the team wiki.'],
};
const REPOS = ['payments-api', 'checkout-web', 'billing-export', 'mobile-app', 'data-platform', 'infra-terraform', 'design-system', 'search-service'];
const PROJECTS = ['checkout', 'billing', 'onboarding', 'data warehouse', 'Q3 launch', 'mobile', 'analytics', 'SOC 2', 'pricing', 'partner portal'];

/** Systems each department asks for most (the rest of the catalogue now and then). */
const USUAL_SYSTEMS: Record<Department, string[]> = {
  engineering: ['github', 'aws', 'datadog', 'prod-db', 'jira', 'looker'],
  sales: ['salesforce', 'hubspot', 'slack', 'zendesk', 'looker'],
  marketing: ['hubspot', 'figma', 'notion', 'looker', 'slack'],
  finance: ['netsuite', 'workday', 'looker', 'salesforce'],
  success: ['zendesk', 'salesforce', 'slack', 'jira', 'notion'],
  design: ['figma', 'notion', 'jira', 'github'],
  operations: ['okta', 'workday', 'vpn', 'notion', 'slack'],
};

export interface AccessText {
  system: DemoSystem;
  justification: string;
  entitlement: string;
}

/** What someone of the department asks access for: mostly their usual systems, or the system given. */
export function accessText(r: Random, department: Department, systemId?: string): AccessText {
  const id = systemId ?? (r.chance(0.8) ? r.pick(USUAL_SYSTEMS[department]) : r.pick(SYSTEMS).id);
  const system = SYSTEMS.find((s) => s.id === id)!;
  const justification = r
    .pick(SYSTEM_REASONS[system.id])
    .replace('{repo}', r.pick(REPOS))
    .replace('{project}', r.pick(PROJECTS))
    .replace('{customer}', r.pick(CUSTOMERS));
  // Mostly the lowest level; admin rarely.
  const entitlement = r.weighted(system.entitlements.map((e, index) => [e, index === 0 ? 6 : index === system.entitlements.length - 1 ? 1 : 3] as const));
  return { system, justification, entitlement };
}

interface Gear {
  type: string;
  specs: string[];
  cost: [number, number];
  tag: string;
}

const GEAR: Gear[] = [
  { type: 'laptop', specs: ['14" MacBook Pro, M4 Pro, 36 GB RAM, 1 TB SSD.', '16" developer laptop, 64 GB RAM, 2 TB SSD.', 'ThinkPad X1 Carbon, 32 GB RAM, 1 TB SSD, LTE.', 'Replacement laptop: the battery of mine no longer holds a charge.'], cost: [1450, 3400], tag: 'LT' },
  { type: 'monitor', specs: ['27" 4K USB-C monitor with a height-adjustable stand.', '34" ultrawide curved monitor for data work.', 'Second 24" monitor for the home office.'], cost: [220, 950], tag: 'MN' },
  { type: 'headset', specs: ['Noise-cancelling wireless headset for customer calls.', 'USB headset with a boom microphone for the support queue.'], cost: [90, 380], tag: 'HS' },
  { type: 'keyboard', specs: ['Ergonomic split keyboard, US layout.', 'Low-profile wireless keyboard, German layout.'], cost: [70, 260], tag: 'KB' },
  { type: 'mouse', specs: ['Vertical ergonomic mouse.', 'Wireless mouse and a trackpad for the standing desk.'], cost: [40, 160], tag: 'MS' },
  { type: 'docking station', specs: ['Thunderbolt 4 dock with two DisplayPort outputs.', 'USB-C dock for the hot desk on the third floor.'], cost: [150, 420], tag: 'DK' },
  { type: 'webcam', specs: ['4K webcam with autofocus for customer demos.', 'Webcam with a privacy shutter for the home office.'], cost: [80, 260], tag: 'WC' },
  { type: 'phone', specs: ['Company phone for on-call duty.', 'Phone for two-factor sign-ins while travelling.', 'Replacement phone: the screen of mine is cracked.'], cost: [450, 1200], tag: 'PH' },
  { type: 'tablet', specs: ['Tablet with a pen for sketching wireframes.', 'Tablet for customer workshops and signatures on site.'], cost: [550, 1400], tag: 'TB' },
  { type: 'office chair', specs: ['Ergonomic office chair for the home office (occupational health recommendation).', 'Chair with lumbar support.'], cost: [380, 1150], tag: 'CH' },
  { type: 'standing desk', specs: ['Electric standing desk, 160 × 80 cm.', 'Desk converter for the home office.'], cost: [320, 900], tag: 'SD' },
  { type: 'security key', specs: ['Two hardware security keys (USB-C and NFC) for passkeys.', 'Spare security key for the production break-glass account.'], cost: [45, 120], tag: 'SK' },
];

export interface GearText {
  type: string;
  specification: string;
  cost: number;
  assetTag: string;
  trackingNumber: string;
}

export function gearText(r: Random, serial: number): GearText {
  const gear = r.pick(GEAR);
  return {
    type: gear.type,
    specification: r.pick(gear.specs),
    cost: Math.round(r.between(gear.cost[0], gear.cost[1])) + r.pick([0, 0.5, 0.99]),
    assetTag: `ACME-${gear.tag}-${String(1000 + serial).padStart(4, '0')}`,
    trackingNumber: `1Z ${r.int(100, 999)} ${code(r, 3)} ${r.int(10, 99)} ${r.int(1000, 9999)} ${r.int(1000, 9999)}`,
  };
}

export type HrType = 'employment_letter' | 'certificate' | 'verification' | 'document' | 'other';

const HR_TEXTS: Record<HrType, string[]> = {
  employment_letter: ['Employment letter for my apartment rental application.', 'Employment letter for a visa application to {country}.', 'Letter confirming my employment for a car lease.', 'Employment letter for my child’s school registration.'],
  certificate: ['Certificate of completed safety training for the {customer} audit.', 'Certificate of my data-protection training for a customer questionnaire.', 'Certificate of employment for my professional association.'],
  verification: ['Salary verification for a mortgage application with {bank}.', 'Income verification for a rental guarantee.', 'Verification of employment for a loan with {bank}.'],
  document: ['Signed copy of my updated employment contract.', 'Copy of my parental leave agreement.', 'Letter confirming my new job title after the promotion.', 'Copy of my remote-work agreement.'],
  other: ['Confirmation of my remaining holiday days.', 'A statement of my pension contributions for the last year.', 'Help with the paperwork for my relocation allowance.'],
};
const COUNTRIES = ['Japan', 'the United States', 'Canada', 'Australia', 'Singapore', 'the United Arab Emirates'];
const BANKS = ['Nordbank', 'Crescent Bank', 'First Harbour Bank', 'Alpine Savings'];

export function hrText(r: Random): { type: HrType; description: string } {
  const type = r.weighted<HrType>([['employment_letter', 5], ['certificate', 2], ['verification', 3], ['document', 3], ['other', 1]]);
  const description = r.pick(HR_TEXTS[type]).replace('{country}', r.pick(COUNTRIES)).replace('{bank}', r.pick(BANKS)).replace('{customer}', r.pick(CUSTOMERS));
  return { type, description };
}

/** What deciders and desks write. */
export const REMARKS = {
  approve: ['Looks right.', 'Approved — go ahead.', 'Fine by me.', 'OK for this quarter.', 'Approved; keep the costs close to the estimate.', 'Makes sense, approved.', 'Go ahead.'],
  rejectAccess: ['Use the shared read-only role instead.', 'Not needed for your current projects; ask again when the work starts.', 'Please ask the system owner for a narrower entitlement.', 'Use the break-glass procedure for one-off production access.'],
  rejectItAccess: ['This needs a security review first; file it again with the ticket number.', 'The licence pool is empty this month; we will reopen requests on the 1st.'],
  rejectGear: ['Not in this quarter’s budget.', 'We have spares in the IT room: pick one up on the third floor.', 'Covered by the home-office allowance instead.', 'Please wait for the hardware refresh in spring.'],
  rejectTrip: ['Join remotely this time.', 'Not in this quarter’s travel budget.', 'One person from the team is enough for this one.', 'Please combine it with the visit planned next month.'],
  rejectHr: ['Please use the self-service letter in Workday for this.', 'We need the official form from your bank; attach it and file again.', 'This one goes to payroll directly: I have forwarded your message.'],
  cancelTrip: ['The customer moved the meeting online.', 'The event was postponed to next quarter.', 'A colleague from the local office goes instead.', 'Plans changed; no longer needed.'],
  returnGear: ['Handed back when the project ended.', 'Returned after the replacement arrived.', 'Returned on leaving the team.'],
};
