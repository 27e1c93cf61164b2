import type { Permission } from '../../../shared/ipc/contract';

/** The roles of a local account; one person may hold several. */
export const ROLES = ['reviewer', 'approver', 'clerk', 'auditor', 'administrator'] as const;
export type Role = (typeof ROLES)[number];

/** How the UI names each role. */
export const ROLE_LABELS: Readonly<Record<Role, { zh: string; en: string }>> = {
  reviewer: { zh: '审查人', en: 'Reviewer' },
  approver: { zh: '审批人', en: 'Approver' },
  clerk: { zh: '文书', en: 'Clerk' },
  auditor: { zh: '审计员', en: 'Auditor' },
  administrator: { zh: '系统管理员', en: 'Administrator' },
};

/**
 * The app's permissions plus the two that accounts introduce
 * (`account.manage`, `review.approve`); once the contract's `Permission`
 * lists them too, this is just `Permission`.
 */
export type AccountPermission = Permission | 'account.manage' | 'review.approve';

/**
 * What each role may do.
 *
 * `review.override` (exporting a document that still carries a 密级 or
 * “此件不公开” marking) sits with the approver, not the administrator. Letting
 * a marked document out is a substantive confidentiality decision: in Chinese
 * practice the reviewer proposes, and the approver (the responsible
 * leader who signs off the 保密审查 opinion) decides, with reasons on record.
 * The administrator manages the workstation's accounts. Under the 三员分立
 * separation used for protected systems (system administrator, security
 * administrator, auditor), the administrator holds no business authority.
 * An administrator role alone therefore cannot read documents or override a
 * marking. Nor can anyone who is both administrator and approver do so
 * without the approver role being on record.
 */
const BY_ROLE: Readonly<Record<Role, readonly AccountPermission[]>> = {
  reviewer: ['app.read', 'document.read', 'document.import', 'review.decide', 'review.submit'],
  approver: ['app.read', 'document.read', 'review.approve', 'review.override'],
  clerk: ['app.read', 'document.read', 'document.export'],
  auditor: ['app.read', 'document.read', 'log.read'],
  administrator: ['app.read', 'account.manage', 'rules.manage', 'data.manage'],
};

export function permissionsFor(roles: Iterable<Role>): ReadonlySet<AccountPermission> {
  const out = new Set<AccountPermission>();
  for (const role of roles) for (const p of BY_ROLE[role] ?? []) out.add(p);
  return out;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
