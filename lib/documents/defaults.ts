/**
 * The built-in template of every HR request type (version 0): what a tenant gets until HR saves its own.
 * Paragraphs are separated by a blank line; a single line break stays a line break.
 */
import type { HrDocumentType } from '@/db/schema';

export interface TemplateText {
  title: string;
  body: string;
}

export const DEFAULT_TEMPLATES: Record<HrDocumentType, TemplateText> = {
  employment_letter: {
    title: 'Confirmation of employment',
    body: `To whom it may concern,

We confirm that {{person.name}} has been employed by {{tenant.name}} since {{person.started_on}} and currently holds the position of {{person.title}}. The employment is ongoing and in good standing.

This letter is issued at the employee’s request for the following purpose: {{request.description}}

Should you need any further information, please contact our HR department. The authenticity of this letter can be confirmed with the verification code below.

Yours faithfully,`,
  },
  certificate: {
    title: 'Certificate',
    body: `{{tenant.name}} certifies that {{person.name}}, {{person.title}}, employed with us since {{person.started_on}}, has been issued this certificate concerning:

{{request.description}}

This certificate is issued on {{today}} at the request of the employee. The authenticity of this certificate can be confirmed with the verification code below.`,
  },
  verification: {
    title: 'Employment verification',
    body: `To whom it may concern,

In reply to the request for verification of employment, we confirm the following details about {{person.name}}:

Employer: {{tenant.name}}
Position: {{person.title}}
Employed since: {{person.started_on}}
Status: currently employed

Subject of the request: {{request.description}}

This verification is provided at the employee’s request and with their consent. Its authenticity can be confirmed with the verification code below.

Yours faithfully,`,
  },
  document: {
    title: 'HR document',
    body: `This document is issued by {{tenant.name}} to {{person.name}} ({{person.title}}) at their request:

{{request.description}}

The authenticity of this document can be confirmed with the verification code below.`,
  },
  other: {
    title: 'Letter from Human Resources',
    body: `Dear {{person.name}},

Concerning your request — {{request.description}} — we confirm the following on behalf of {{tenant.name}}.

You have been employed with us since {{person.started_on}} in the position of {{person.title}}.

Please do not hesitate to contact HR with any questions.

Kind regards,`,
  },
};
