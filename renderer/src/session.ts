import { createContext, useContext } from 'react';
import type { SessionView } from '../../shared/ipc/views';

/** The signed-in user (or single-operator mode) for components that show or hide actions by permission. */
export const SessionContext = createContext<SessionView | null>(null);

/** Whether the current user may do `permission` (main enforces it anyway; this only spares a refused click). */
export function useCan(permission: string): boolean {
  const session = useContext(SessionContext);
  return session === null || session.permissions.includes(permission);
}
