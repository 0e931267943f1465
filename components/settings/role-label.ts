/** Role names as people say them (HR and IT are acronyms). */
const LABELS: Record<string, string> = { employee: 'Employee', manager: 'Manager', hr: 'HR', it: 'IT', travel: 'Travel', admin: 'Admin' };

export const roleLabel = (role: string): string => LABELS[role] ?? role;
