import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { CHANNELS, IPC_PREFIX } from '../../shared/ipc/channels';
import type { Handlers } from '../../shared/ipc/contract';
import { dispatch, type CallContext } from '../../shared/ipc/dispatch';
import { AppError } from '../../shared/errors';
import { APP_ORIGIN } from '../node/protocol/app-assets';

/** Only the app's own top-level page (or the dev server in development) may call. */
export function isTrustedSender(frameUrl: string | undefined, devServerOrigin?: string): boolean {
  if (!frameUrl) return false;
  try {
    const url = new URL(frameUrl);
    const origin = url.protocol === 'app:' ? `${url.protocol}//${url.host}` : url.origin;
    return origin === APP_ORIGIN || (devServerOrigin !== undefined && origin === new URL(devServerOrigin).origin);
  } catch {
    return false;
  }
}

/**
 * The single registration point: every channel of the contract, each call
 * checked for its sender frame, then validated and permission-checked by
 * `dispatch`, the result always wrapped.
 */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle'>,
  handlers: Handlers<CallContext>,
  context: () => CallContext,
  devServerOrigin?: string,
): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(`${IPC_PREFIX}${channel}`, async (event: IpcMainInvokeEvent, payload: unknown) => {
      const frame = event.senderFrame;
      if (!frame || frame.parent !== null || !isTrustedSender(frame.url, devServerOrigin)) {
        return { ok: false, error: new AppError('forbidden', '调用来源不可信', 'untrusted sender').toData() };
      }
      return dispatch(handlers, channel, payload, context());
    });
  }
}
