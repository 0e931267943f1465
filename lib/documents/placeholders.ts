/**
 * The placeholders a document template may use (engine.md §7), and the one function that fills them in.
 * A template is checked against this list when it is saved: an unknown name is a 422 naming it.
 */
import type { FieldError } from '@/lib/errors';

export const PLACEHOLDERS = {
  'person.name': 'The requester’s full name',
  'person.title': 'The requester’s job title',
  'person.started_on': 'The requester’s first working day',
  'person.email': 'The requester’s work email',
  'tenant.name': 'Your organisation’s name',
  'tenant.address': 'Your organisation’s address (letterhead), on one line',
  'request.description': 'What the requester asked for',
  today: 'The date the document is issued',
  'signer.name': 'Who signs: the template’s signatory, or the HR person who generates it',
  'signer.title': 'The signer’s job title',
} as const;

export type PlaceholderName = keyof typeof PLACEHOLDERS;
export type PlaceholderValues = Record<PlaceholderName, string>;

export const PLACEHOLDER_LIST = Object.entries(PLACEHOLDERS).map(([name, description]) => ({ name: `{{${name}}}`, description }));

const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/g;

function isKnown(name: string): name is PlaceholderName {
  return Object.hasOwn(PLACEHOLDERS, name);
}

/** Every problem with a template text: unknown placeholders (named) and braces that open a placeholder but never close it. */
export function placeholderErrors(field: string, text: string): FieldError[] {
  const errors: FieldError[] = [];
  const unknown = new Set<string>();
  for (const match of text.matchAll(TOKEN)) if (!isKnown(match[1])) unknown.add(match[1]);
  for (const name of unknown) {
    errors.push({ path: field, message: `Unknown placeholder {{${name}}}; use one of ${Object.keys(PLACEHOLDERS).map((p) => `{{${p}}}`).join(', ')}` });
  }
  const rest = text.replace(TOKEN, '');
  if (rest.includes('{{') || rest.includes('}}')) errors.push({ path: field, message: 'A placeholder is not closed: write it as {{person.name}}' });
  return errors;
}

/** The text with each placeholder replaced by its value (checked templates only hold known names). */
export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  return text.replace(TOKEN, (whole, name: string) => (isKnown(name) ? values[name] : whole));
}

/** The placeholders a text uses whose value is empty (a person without a title…), for a warning before generating. */
export function emptyPlaceholders(texts: string[], values: PlaceholderValues): PlaceholderName[] {
  const used = new Set<PlaceholderName>();
  for (const text of texts) for (const match of text.matchAll(TOKEN)) if (isKnown(match[1]) && !values[match[1]].trim()) used.add(match[1]);
  return [...used];
}
