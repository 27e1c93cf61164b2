import { AppError, toErrorData } from '../errors';
import { CHANNELS, type Channel } from './channels';
import { contract, type Handlers, type Permission } from './contract';
import type { IpcResult } from './views';

export interface CallContext {
  permissions: ReadonlySet<Permission>;
  /** Told about unexpected errors, which the caller only sees as `internal`. */
  onInternalError?: (channel: string, err: unknown) => void;
}

const known = new Set<string>(CHANNELS);

export function isChannel(name: string): name is Channel {
  return known.has(name);
}

/**
 * The one path every call takes, in the app and in the test harness alike:
 * known channel, valid payload, permission, then the handler; the outcome is
 * always an `IpcResult`, never a thrown error.
 */
export async function dispatch<Ctx extends CallContext>(
  handlers: Handlers<Ctx>,
  channel: string,
  payload: unknown,
  ctx: Ctx,
): Promise<IpcResult<unknown>> {
  if (!isChannel(channel)) {
    return { ok: false, error: new AppError('invalid_request', `未知的调用：${channel}`, `unknown channel: ${channel}`).toData() };
  }
  const spec = contract[channel];
  const parsed = spec.request.safeParse(payload ?? {});
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') || '-';
    return {
      ok: false,
      error: new AppError('invalid_request', `请求参数无效（${where}）`, `invalid request (${where})`).toData(),
    };
  }
  if (!ctx.permissions.has(spec.permission)) {
    return { ok: false, error: new AppError('forbidden', '当前用户无权执行此操作', 'not permitted for this user').toData() };
  }
  try {
    const handler = handlers[channel] as (req: unknown, c: Ctx) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data, ctx) };
  } catch (err) {
    if (!(err instanceof AppError)) ctx.onInternalError?.(channel, err);
    return { ok: false, error: toErrorData(err) };
  }
}
