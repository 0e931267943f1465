/**
 * The PDF of a document (pdf-lib): an A4 company letter — letterhead (logo, name, address), date, title,
 * the filled-in text, the signature block, and on the last page a verification box with the code and a
 * QR code of the verify page. Liberation Sans is embedded (subset) so every name prints as written
 * ("Zoë Müller-Łukasiewicz") and the text can be selected, searched and extracted.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFImage, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import { formatLetterDate, LABELS, type DocumentLanguage } from './languages';
import type { Letterhead } from './letterhead';

export interface DocumentContent {
  letterhead: Letterhead;
  title: string;
  body: string;
  language: DocumentLanguage;
  issuedAt: string;
  signerName: string;
  signerTitle: string | null;
  code: string;
  verifyUrl: string;
  documentId: string;
}

const FONT_DIR = path.join(/*turbopackIgnore: true*/ process.cwd(), 'lib', 'documents', 'fonts');
let fonts: { regular: Uint8Array; bold: Uint8Array } | undefined;

function fontBytes() {
  fonts ??= {
    regular: readFileSync(path.join(FONT_DIR, 'LiberationSans-Regular.ttf')),
    bold: readFileSync(path.join(FONT_DIR, 'LiberationSans-Bold.ttf')),
  };
  return fonts;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = { left: 72, right: 72, top: 64, bottom: 72 };
const WIDTH = A4.width - MARGIN.left - MARGIN.right;
const INK = rgb(0.11, 0.13, 0.16);
const MUTED = rgb(0.38, 0.42, 0.48);
const ACCENT = rgb(0.15, 0.32, 0.62);
const RULE = rgb(0.82, 0.85, 0.89);
const BODY_SIZE = 11;
const LEADING = 16.5;
const FOOTER_HEIGHT = 118;

/** Words of a line broken to fit a width; a word longer than the line is cut. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    let rest = word;
    while (font.widthOfTextAtSize(rest, size) > width) {
      let cut = rest.length - 1;
      while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line) lines.push(line);
  return lines;
}

/** Text as the font can print it: characters it has no glyph for become '?', never a crash. */
function printable(text: string, font: PDFFont): string {
  const set = new Set(font.getCharacterSet());
  return [...text.replace(/\t/g, '    ')].map((c) => (c === '\n' || set.has(c.codePointAt(0)!) ? c : '?')).join('');
}

async function drawQr(page: PDFPage, url: string, x: number, y: number, size: number): Promise<void> {
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const count = qr.modules.size;
  const cell = size / count;
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) {
      if (qr.modules.get(row, col)) page.drawRectangle({ x: x + col * cell, y: y + size - (row + 1) * cell, width: cell + 0.05, height: cell + 0.05, color: INK });
    }
  }
}

export async function renderDocumentPdf(content: DocumentContent): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const bytes = fontBytes();
  const regular = await pdf.embedFont(bytes.regular, { subset: true });
  const bold = await pdf.embedFont(bytes.bold, { subset: true });
  const labels = LABELS[content.language];
  const { letterhead } = content;
  const issuedOn = formatLetterDate(content.issuedAt, content.language);
  pdf.setTitle(printable(content.title, regular));
  pdf.setAuthor(printable(letterhead.name, regular));
  pdf.setSubject(`${labels.code}: ${content.code}`);
  pdf.setCreator('Opsdesk');
  pdf.setProducer('Opsdesk');
  pdf.setCreationDate(new Date(content.issuedAt));
  pdf.setModificationDate(new Date(content.issuedAt));
  pdf.setLanguage(content.language);

  let logo: PDFImage | null = null;
  if (letterhead.logo) {
    try {
      logo = letterhead.logo.type === 'image/png' ? await pdf.embedPng(letterhead.logo.bytes) : await pdf.embedJpg(letterhead.logo.bytes);
    } catch {
      logo = null; // an image pdf-lib cannot read is left out rather than failing the document
    }
  }

  const pages: PDFPage[] = [];
  let page!: PDFPage;
  let y = 0;

  /** The letterhead on the first page, a slim running head on the others. */
  const newPage = () => {
    page = pdf.addPage([A4.width, A4.height]);
    pages.push(page);
    y = A4.height - MARGIN.top;
    const name = printable(letterhead.name, bold);
    if (pages.length === 1) {
      let textX = MARGIN.left;
      if (logo) {
        const scaled = logo.scaleToFit(120, 44);
        page.drawImage(logo, { x: MARGIN.left, y: y - scaled.height + 6, width: scaled.width, height: scaled.height });
        textX = MARGIN.left + scaled.width + 14;
      }
      page.drawText(name, { x: textX, y: y - 12, size: 17, font: bold, color: INK });
      const addressLines = letterhead.address
        .split(/\n|,\s*(?=\S)/)
        .map((l) => l.trim())
        .filter(Boolean)
        .slice(0, 4);
      let ay = y - 4;
      for (const line of addressLines) {
        const text = printable(line, regular);
        const w = regular.widthOfTextAtSize(text, 8.5);
        page.drawText(text, { x: A4.width - MARGIN.right - w, y: ay, size: 8.5, font: regular, color: MUTED });
        ay -= 11.5;
      }
      y = Math.min(y - (logo ? 46 : 26), ay - 2);
      page.drawRectangle({ x: MARGIN.left, y, width: WIDTH, height: 1.6, color: ACCENT });
      y -= 40;
    } else {
      page.drawText(name, { x: MARGIN.left, y: y - 8, size: 9, font: bold, color: MUTED });
      y -= 16;
      page.drawLine({ start: { x: MARGIN.left, y }, end: { x: A4.width - MARGIN.right, y }, thickness: 0.6, color: RULE });
      y -= 28;
    }
  };

  const ensure = (height: number, bottom = MARGIN.bottom) => {
    if (y - height < bottom) newPage();
  };

  newPage();
  // Date, right-aligned, as in a letter.
  const dateText = printable(issuedOn, regular);
  page.drawText(dateText, { x: A4.width - MARGIN.right - regular.widthOfTextAtSize(dateText, BODY_SIZE), y, size: BODY_SIZE, font: regular, color: INK });
  y -= 40;

  for (const line of wrap(printable(content.title, bold), bold, 15, WIDTH)) {
    ensure(22);
    page.drawText(line, { x: MARGIN.left, y, size: 15, font: bold, color: INK });
    y -= 21;
  }
  y -= 12;

  const paragraphs = content.body.replace(/\r\n?/g, '\n').split(/\n\s*\n/);
  for (const paragraph of paragraphs) {
    for (const rawLine of paragraph.split('\n')) {
      const lines = wrap(printable(rawLine, regular), regular, BODY_SIZE, WIDTH);
      for (const line of lines.length ? lines : ['']) {
        ensure(LEADING);
        page.drawText(line, { x: MARGIN.left, y, size: BODY_SIZE, font: regular, color: INK });
        y -= LEADING;
      }
    }
    y -= LEADING * 0.6;
  }

  // The signature block, kept together, with room left for the verification box below it.
  const signature = [content.signerName, content.signerTitle, letterhead.name].filter((l): l is string => !!l && !!l.trim());
  ensure(40 + signature.length * LEADING, MARGIN.bottom + FOOTER_HEIGHT);
  y -= 34;
  page.drawLine({ start: { x: MARGIN.left, y: y + 4 }, end: { x: MARGIN.left + 180, y: y + 4 }, thickness: 0.6, color: MUTED });
  y -= 12;
  signature.forEach((line, i) => {
    page.drawText(printable(line, i === 0 ? bold : regular), { x: MARGIN.left, y, size: BODY_SIZE, font: i === 0 ? bold : regular, color: i === 0 ? INK : MUTED });
    y -= LEADING - 1;
  });

  // The verification box at the foot of the last page.
  if (y < MARGIN.bottom + FOOTER_HEIGHT) newPage();
  const boxY = MARGIN.bottom - 24;
  const boxH = 92;
  page.drawRectangle({ x: MARGIN.left, y: boxY, width: WIDTH, height: boxH, borderColor: RULE, borderWidth: 0.8, color: rgb(0.97, 0.975, 0.985) });
  const qrSize = 72;
  await drawQr(page, content.verifyUrl, MARGIN.left + 10, boxY + (boxH - qrSize) / 2, qrSize);
  const tx = MARGIN.left + qrSize + 24;
  const textWidth = WIDTH - qrSize - 34;
  page.drawText(printable(labels.verifyHeading, bold), { x: tx, y: boxY + boxH - 20, size: 10, font: bold, color: INK });
  page.drawText(printable(`${labels.code}:`, regular), { x: tx, y: boxY + boxH - 38, size: 9, font: regular, color: MUTED });
  const codeX = tx + regular.widthOfTextAtSize(`${labels.code}: `, 9);
  page.drawText(content.code, { x: codeX, y: boxY + boxH - 38.5, size: 11, font: bold, color: ACCENT });
  let vy = boxY + boxH - 54;
  for (const line of wrap(printable(labels.verifyAt(content.verifyUrl), regular), regular, 8.5, textWidth).slice(0, 2)) {
    page.drawText(line, { x: tx, y: vy, size: 8.5, font: regular, color: MUTED });
    vy -= 11;
  }
  page.drawText(printable(`${labels.issued} ${issuedOn} · ${content.documentId}`, regular), { x: tx, y: vy, size: 8, font: regular, color: MUTED });

  if (pages.length > 1) {
    pages.forEach((p, i) => {
      const text = labels.page(i + 1, pages.length);
      p.drawText(text, { x: A4.width - MARGIN.right - regular.widthOfTextAtSize(text, 8), y: 28, size: 8, font: regular, color: MUTED });
    });
  }
  return pdf.save({ useObjectStreams: false });
}
