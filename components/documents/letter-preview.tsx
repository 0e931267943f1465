import { QrCode } from 'lucide-react';

/**
 * A faithful HTML rendering of the PDF's layout (A4 proportions, the same font family and spacing), for
 * the template editor's live preview; "Render the PDF" shows the real thing.
 */
export function LetterPreview({
  letterhead,
  date,
  title,
  body,
  signerName,
  signerTitle,
}: {
  letterhead: { name: string; address: string; logo: string | null };
  date: string;
  title: string;
  body: string;
  signerName: string;
  signerTitle: string | null;
}) {
  const addressLines = letterhead.address
    .split(/\n|,\s*(?=\S)/)
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 4);
  const paragraphs = body.replace(/\r\n?/g, '\n').split(/\n\s*\n/);
  return (
    <div
      className="relative mx-auto flex aspect-[210/297] w-full max-w-[595px] flex-col overflow-hidden bg-white px-[12%] pt-[9%] pb-[8%] text-[#1c2129] shadow-md ring-1 ring-zinc-200 dark:ring-zinc-700"
      style={{ fontFamily: '"Liberation Sans", Arial, Helvetica, sans-serif', fontSize: 'clamp(7px, 1.75cqw, 11px)', containerType: 'inline-size' }}
      aria-label="Preview of the document"
      role="img"
    >
      <div className="flex items-start justify-between gap-4">
        <div className="flex items-center gap-3">
          {letterhead.logo && (
            // eslint-disable-next-line @next/next/no-img-element -- a data URL of the tenant's own logo
            <img src={letterhead.logo} alt="" className="max-h-[3.5em] max-w-[9em] object-contain" />
          )}
          <span className="text-[1.55em] font-bold">{letterhead.name}</span>
        </div>
        <div className="text-right text-[0.78em] leading-[1.35] text-[#616b7a]">
          {addressLines.map((line) => (
            <div key={line}>{line}</div>
          ))}
        </div>
      </div>
      <div className="mt-[1.4em] h-[2px] bg-[#26529e]" />
      <div className="mt-[3em] text-right">{date}</div>
      <div className="mt-[2.6em] text-[1.36em] font-bold">{title}</div>
      <div className="mt-[1.2em] flex-1 leading-[1.5]">
        {paragraphs.map((paragraph, i) => (
          <p key={i} className="mb-[0.6em] whitespace-pre-line">
            {paragraph}
          </p>
        ))}
        <div className="mt-[2.6em] w-[16em] border-t border-[#616b7a]" />
        <div className="mt-[0.6em] font-bold">{signerName}</div>
        {signerTitle && <div className="text-[#616b7a]">{signerTitle}</div>}
        <div className="text-[#616b7a]">{letterhead.name}</div>
      </div>
      <div className="flex items-center gap-[1.5em] border border-[#d1d9e3] bg-[#f7f9fb] p-[0.9em]">
        <QrCode className="size-[5.5em] shrink-0 text-[#1c2129]" strokeWidth={1.2} aria-hidden />
        <div className="text-[0.8em] leading-[1.5] text-[#616b7a]">
          <div className="text-[1.15em] font-bold text-[#1c2129]">Verify this document</div>
          <div>
            Verification code: <span className="font-bold text-[#26529e]">XXXXX-XXXXX-XXXXX-XXXXX</span>
          </div>
          <div>Scan the code or visit the verify page</div>
        </div>
      </div>
    </div>
  );
}
