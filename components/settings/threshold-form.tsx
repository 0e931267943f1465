'use client';

import { useState, useTransition } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { inputClasses } from '@/components/ui/field';
import { updateThresholdAction } from '@/lib/actions/settings';
import { formatMoney } from '@/lib/format';

export function ThresholdForm({ threshold }: { threshold: number }) {
  const [value, setValue] = useState(String(threshold));
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const amount = value.trim() === '' ? NaN : Number(value);
    if (!Number.isFinite(amount) || amount < 0) {
      setError('Enter an amount of 0 or more');
      return;
    }
    startTransition(async () => {
      const result = await updateThresholdAction(amount);
      if (result.ok) {
        setError(null);
        toast.success(`Travel above ${formatMoney(result.threshold)} now also needs an admin's approval`);
      } else {
        setError(result.errors?.[0]?.message ?? result.error);
      }
    });
  };

  return (
    <form onSubmit={submit} className="flex flex-col gap-3 sm:flex-row sm:items-end" noValidate>
      <div className="max-w-xs flex-1">
        <label htmlFor="threshold" className="block text-sm font-medium">
          Amount
        </label>
        <div className="relative mt-1">
          <span className="pointer-events-none absolute inset-y-0 left-3 flex items-center text-sm text-zinc-500">$</span>
          <input
            id="threshold"
            name="threshold"
            type="number"
            inputMode="decimal"
            min={0}
            step="0.01"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'threshold-help threshold-error' : 'threshold-help'}
            className={`${inputClasses} pl-7 tabular-nums`}
          />
        </div>
        <p id="threshold-help" className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
          Travel requests with an estimated cost above this amount need an admin&apos;s approval after the manager&apos;s. Applies to requests filed from now on.
        </p>
        {error && (
          <p id="threshold-error" className="mt-1 text-sm text-red-700 dark:text-red-400">
            {error}
          </p>
        )}
      </div>
      <Button type="submit" variant="primary" disabled={pending || value === String(threshold)} className="sm:mb-[2.6rem]">
        {pending ? 'Saving…' : 'Save threshold'}
      </Button>
    </form>
  );
}
