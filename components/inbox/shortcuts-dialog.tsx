'use client';

import { Modal } from '@/components/ui/confirm-dialog';

export const SHORTCUTS: [keys: string[], what: string][] = [
  [['j', '↓'], 'Next item'],
  [['k', '↑'], 'Previous item'],
  [['a'], 'Approve the item (or the selected items, with one comment)'],
  [['r'], 'Reject, with a comment'],
  [['i'], 'Ask the requester for information'],
  [['x'], 'Select or unselect the item'],
  [['o', 'Enter'], 'Open the request'],
  [['Esc'], 'Clear the selection'],
  [['?'], 'Show these shortcuts'],
];

export function ShortcutsDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Modal open={open} onOpenChange={onOpenChange} title="Keyboard shortcuts" description="Work the inbox without the mouse.">
      <dl className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
        {SHORTCUTS.map(([keys, what]) => (
          <div key={what} className="flex items-center justify-between gap-4 py-2">
            <dt className="text-zinc-700 dark:text-zinc-300">{what}</dt>
            <dd className="flex shrink-0 gap-1">
              {keys.map((key) => (
                <kbd
                  key={key}
                  className="min-w-6 rounded border border-zinc-300 bg-zinc-50 px-1.5 py-0.5 text-center font-mono text-xs text-zinc-700 dark:border-zinc-700 dark:bg-zinc-800 dark:text-zinc-200"
                >
                  {key}
                </kbd>
              ))}
            </dd>
          </div>
        ))}
      </dl>
    </Modal>
  );
}
