import { inputClasses } from '@/components/ui/field';
import { buttonClasses } from '@/components/ui/button';

/** Type a code from a document (a plain GET form: works without JavaScript). */
export function VerifyForm({ defaultValue = '' }: { defaultValue?: string }) {
  return (
    <form action="/verify" method="get" className="flex flex-col gap-2 sm:flex-row">
      <label htmlFor="verify-code" className="sr-only">
        Verification code
      </label>
      <input
        id="verify-code"
        name="code"
        required
        defaultValue={defaultValue}
        placeholder="XXXXX-XXXXX-XXXXX-XXXXX"
        autoComplete="off"
        spellCheck={false}
        maxLength={64}
        className={`${inputClasses} font-mono uppercase`}
      />
      <button type="submit" className={buttonClasses('primary', 'md', 'shrink-0')}>
        Check code
      </button>
    </form>
  );
}
