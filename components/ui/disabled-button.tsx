'use client';

import { Tooltip } from 'radix-ui';
import { useId } from 'react';
import { Button } from './button';

/**
 * A button the person would expect but may not use now, with the reason on hover and on keyboard focus.
 * It stays focusable (aria-disabled, not disabled) so keyboard and screen-reader users reach the reason,
 * which is also its accessible description.
 */
export function DisabledButton({ reason, children, className = '' }: { reason: string; children: React.ReactNode; className?: string }) {
  const id = useId();
  return (
    <Tooltip.Provider delayDuration={150}>
      <Tooltip.Root>
        <Tooltip.Trigger asChild>
          <Button
            variant="secondary"
            aria-disabled="true"
            aria-describedby={`${id}-reason`}
            onClick={(event) => event.preventDefault()}
            className={`cursor-not-allowed border-dashed bg-zinc-50 text-zinc-500 shadow-none hover:bg-zinc-50 dark:bg-zinc-900/50 dark:text-zinc-400 dark:hover:bg-zinc-900/50 ${className}`}
          >
            {children}
          </Button>
        </Tooltip.Trigger>
        <span id={`${id}-reason`} className="sr-only">
          {reason}
        </span>
        <Tooltip.Portal>
          <Tooltip.Content
            side="bottom"
            sideOffset={6}
            className="z-50 max-w-72 rounded-md bg-zinc-900 px-2.5 py-1.5 text-xs leading-snug text-white shadow-lg dark:bg-zinc-100 dark:text-zinc-900"
          >
            {reason}
            <Tooltip.Arrow className="fill-zinc-900 dark:fill-zinc-100" />
          </Tooltip.Content>
        </Tooltip.Portal>
      </Tooltip.Root>
    </Tooltip.Provider>
  );
}
