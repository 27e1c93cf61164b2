import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { isChannel } from '../../shared/ipc/dispatch';
import { contract } from '../../shared/ipc/contract';
import type { IpcResult } from '../../shared/ipc/views';
import { AppError } from '../../shared/errors';
import { mountEntry, type Mounted } from './mount';
import type { ComponentMount, ComponentWindow, RecordedCall } from './panel-window';

/**
 * Node side of components.entry.tsx: mounting a component with its data,
 * reading what it called back, screenshots, and the fake IPC bridge.
 */

const ENTRY = join(import.meta.dirname, 'components.entry.tsx');
const SHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'components');

/** The page with components.entry.tsx; a locator that finds nothing fails in 5 s, well inside the test's time. */
export async function mountComponents(viewport?: { width: number; height: number }): Promise<Mounted> {
  const m = await mountEntry(ENTRY, viewport);
  m.page.setDefaultTimeout(5_000);
  return m;
}

/** Mounts one component (replacing the last) and forgets the calls recorded so far. */
export async function show(m: Mounted, what: ComponentMount): Promise<void> {
  // As one JSON string: Playwright's own argument serialisation takes seconds for a 100,000-cell sheet.
  await m.page.evaluate((json) => (window as unknown as ComponentWindow).__mount(JSON.parse(json) as ComponentMount), JSON.stringify(what));
}

/** The callbacks called since the component was mounted. */
export function calls(m: Mounted, name?: string): Promise<RecordedCall[]> {
  return m.page.evaluate((n) => (window as unknown as ComponentWindow).__calls.filter((c) => n === undefined || c.name === n), name);
}

/** One screenshot into test-results/components/, of the page or of one element. */
export async function screenshot(m: Mounted, name: string, of?: Locator): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const path = join(SHOTS, `${name}.png`);
  await (of ? of.screenshot({ path }) : m.page.screenshot({ path }));
}

export interface BridgeCall {
  channel: string;
  payload: unknown;
}

/** Answers one call (at once, or later like a busy main process); the payload has passed the channel's validator. */
export type Answer = (channel: string, payload: unknown) => IpcResult<unknown> | Promise<IpcResult<unknown>>;

export interface FakeBridge {
  /** Every call, valid or not, in order. */
  calls: BridgeCall[];
  /** Calls the contract refused (what main would answer with `invalid_request`). */
  invalid: (BridgeCall & { issue: string })[];
  answer: Answer;
}

const unanswered: Answer = (channel) => ({ ok: false, error: new AppError('internal', `测试未应答：${channel}`, `no answer for ${channel}`).toData() });

/**
 * The preload's bridge as the renderer sees it, played by the test: calls
 * are recorded, checked against the real contract as main checks them, and
 * answered by `answer`.
 */
export async function installBridge(m: Mounted): Promise<FakeBridge> {
  const bridge: FakeBridge = { calls: [], invalid: [], answer: unanswered };
  await m.page.exposeFunction('__invoke', (channel: string, payload: unknown): IpcResult<unknown> | Promise<IpcResult<unknown>> => {
    bridge.calls.push({ channel, payload });
    const parsed = isChannel(channel) ? contract[channel].request.safeParse(payload ?? {}) : null;
    if (!parsed?.success) {
      const issue = parsed ? parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : 'unknown channel';
      bridge.invalid.push({ channel, payload, issue });
      return { ok: false, error: new AppError('invalid_request', '请求参数无效', `invalid request (${issue})`).toData() };
    }
    return bridge.answer(channel, payload);
  });
  return bridge;
}
