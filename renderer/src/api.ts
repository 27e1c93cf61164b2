import type { Channel } from '../../shared/ipc/channels';
import type { RequestOf, ResponseOf } from '../../shared/ipc/contract';
import type { IpcResult } from '../../shared/ipc/views';
import type { ErrorData } from '../../shared/errors';

/** The bridge the preload installs; the only way this renderer reaches the app. */
interface Bridge {
  invoke(channel: string, payload: unknown): Promise<IpcResult<unknown>>;
}

declare global {
  interface Window {
    mishen?: Bridge;
  }
}

export class ApiError extends Error {
  constructor(readonly data: ErrorData) {
    super(data.message);
  }
}

/** Calls a channel of the contract; resolves with its value or rejects with an `ApiError`. */
export async function call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
  const bridge = window.mishen;
  if (!bridge) throw new ApiError({ code: 'internal', message: '应用接口不可用', messageEn: 'app bridge unavailable' });
  const result = await bridge.invoke(channel, request);
  if (!result.ok) throw new ApiError(result.error);
  return result.value as ResponseOf<C>;
}
