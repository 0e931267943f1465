/**
 * The languages a document may be written in: dates are formatted in it and the document's own labels
 * (the verification box, "Page 2 of 3") are translated. The template's text is whatever HR writes.
 */
export const DOCUMENT_LANGUAGES = {
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
} as const;

export type DocumentLanguage = keyof typeof DOCUMENT_LANGUAGES;
export const LANGUAGE_CODES = Object.keys(DOCUMENT_LANGUAGES) as [DocumentLanguage, ...DocumentLanguage[]];

interface Labels {
  verifyHeading: string;
  verifyAt: (url: string) => string;
  code: string;
  issued: string;
  page: (n: number, of: number) => string;
}

export const LABELS: Record<DocumentLanguage, Labels> = {
  en: {
    verifyHeading: 'Verify this document',
    verifyAt: (url) => `Scan the code or visit ${url}`,
    code: 'Verification code',
    issued: 'Issued',
    page: (n, of) => `Page ${n} of ${of}`,
  },
  de: {
    verifyHeading: 'Dieses Dokument prüfen',
    verifyAt: (url) => `Code scannen oder ${url} aufrufen`,
    code: 'Prüfcode',
    issued: 'Ausgestellt',
    page: (n, of) => `Seite ${n} von ${of}`,
  },
  fr: {
    verifyHeading: 'Vérifier ce document',
    verifyAt: (url) => `Scannez le code ou consultez ${url}`,
    code: 'Code de vérification',
    issued: 'Émis le',
    page: (n, of) => `Page ${n} sur ${of}`,
  },
  es: {
    verifyHeading: 'Verificar este documento',
    verifyAt: (url) => `Escanee el código o visite ${url}`,
    code: 'Código de verificación',
    issued: 'Emitido',
    page: (n, of) => `Página ${n} de ${of}`,
  },
};

export function isDocumentLanguage(value: string): value is DocumentLanguage {
  return Object.hasOwn(DOCUMENT_LANGUAGES, value);
}

/** A date (an ISO date or date-time) as the language writes it in a letter: "30 November 2026", "30. November 2026". */
export function formatLetterDate(value: string | Date, language: string): string {
  const date = typeof value === 'string' ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value) : value;
  if (Number.isNaN(date.getTime())) return '';
  const locale = language === 'en' ? 'en-GB' : language;
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}
