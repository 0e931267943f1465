/**
 * The columns of a record list, from the type's definition: the title, the status, the fields that can
 * be sorted or are money or enums on the form, the requester, and created/updated.
 */
import type { RecordType } from '@/lib/operations/define';

export interface Column {
  name: string;
  label: string;
  kind: 'title' | 'status' | 'person' | 'datetime' | 'money' | 'enum' | 'integer' | 'text' | 'role';
  sortable: boolean;
  /** Hidden when the table's card is narrow (below 48rem). */
  secondary?: boolean;
  /** Shown only when the card is wide (64rem and up): what the other columns already imply. */
  tertiary?: boolean;
}

export function columnsOf(type: RecordType): Column[] {
  const columns: Column[] = [
    { name: 'title', label: type.name === 'Pending' ? 'Item' : 'Request', kind: 'title', sortable: false },
    { name: 'status', label: 'Status', kind: 'status', sortable: false },
  ];
  for (const [name, spec] of Object.entries(type.fields)) {
    if (name === type.requesterField) continue;
    const sortable = type.sorts.includes(name);
    const listed =
      sortable ||
      (spec.onForm && spec.input === 'money') ||
      (spec.onForm && spec.input === 'select' && spec.required) ||
      (type.name === 'Pending' && (name === 'type' || name === 'assignee_id'));
    if (!listed) continue;
    const kind: Column['kind'] =
      spec.input === 'datetime' ? 'datetime' : spec.input === 'money' ? 'money' : spec.input === 'person' ? 'person' : spec.input === 'integer' ? 'integer' : spec.input === 'select' || (type.name === 'Pending' && name === 'type') ? 'enum' : 'text';
    columns.push({ name, label: spec.label, kind, sortable, secondary: !sortable });
  }
  columns.push({ name: type.requesterField, label: type.fields[type.requesterField]?.label ?? 'Requester', kind: 'person', sortable: false, secondary: true });
  columns.push({ name: 'created_at', label: 'Created', kind: 'datetime', sortable: true, tertiary: true });
  columns.push({ name: 'updated_at', label: 'Updated', kind: 'datetime', sortable: true });
  return columns;
}
