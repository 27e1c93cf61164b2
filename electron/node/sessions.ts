import type { Permission } from '../../shared/ipc/contract';
import type { SessionView } from '../../shared/ipc/views';
import type { Session } from './accounts/accounts';
import { permissionsFor } from './accounts/roles';
import type { Workspace } from './workspace';

/** Single-operator mode: the one person at the workstation may do everything. */
export const SINGLE_OPERATOR_PERMISSIONS: ReadonlySet<Permission> = new Set<Permission>([
  'app.read',
  'document.read',
  'document.import',
  'review.decide',
  'review.submit',
  'review.override',
  'review.approve',
  'document.export',
  'log.read',
  'account.manage',
  'rules.manage',
  'data.manage',
]);

/** Signed out while accounts exist: enough to show the sign-in page. */
const SIGNED_OUT: ReadonlySet<Permission> = new Set<Permission>(['app.read']);

/**
 * Who is at the workstation: nobody (single-operator mode, while no
 * account exists) or the one signed-in user. Every IPC call's permissions
 * come from here, in main, from the user's roles as they are now; the log
 * signs with that user's key.
 */
export class SessionState {
  private session: Session | null = null;

  constructor(private readonly ws: Workspace) {}

  permissions(): ReadonlySet<Permission> {
    if (!this.ws.accounts.hasAccounts()) return SINGLE_OPERATOR_PERMISSIONS;
    if (!this.session) return SIGNED_OUT;
    return permissionsFor(this.ws.accounts.rolesOf(this.session));
  }

  signIn(name: string, password: string): SessionView {
    this.signOut();
    const session = this.ws.accounts.signIn(name, password);
    this.session = session;
    this.ws.log.signAs(session);
    return this.view();
  }

  signOut(): SessionView {
    if (this.session) this.ws.accounts.signOut(this.session);
    this.session = null;
    this.ws.log.signAs(null);
    return this.view();
  }

  /** The session an administrator acts with, or null in single-operator mode (the first account). */
  get current(): Session | null {
    return this.session;
  }

  view(): SessionView {
    const mode = this.ws.accounts.hasAccounts() ? 'accounts' : 'single_operator';
    const s = this.session;
    return {
      mode,
      user: s ? { name: s.name, roles: [...this.ws.accounts.rolesOf(s)], keyFingerprint: s.keyFingerprint } : null,
      permissions: [...this.permissions()],
    };
  }
}
