import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import { isTrustedSender, registerIpc } from '../../electron/main/ipc';
import { SINGLE_OPERATOR_PERMISSIONS, createHandlers } from '../../electron/node/ipc-handlers';
import { openWorkspace } from '../../electron/node/workspace';
import { CHANNELS, IPC_PREFIX } from '../../shared/ipc/channels';
import { dispatch } from '../../shared/ipc/dispatch';
import type { IpcResult } from '../../shared/ipc/views';
import { noticePdf } from '../fixtures/pdf';
import { useTempDirs } from '../fixtures/temp';

const tempDir = useTempDirs();

type Listener = (event: IpcMainInvokeEvent, payload: unknown) => Promise<IpcResult<unknown>>;

function setup(permissions = SINGLE_OPERATOR_PERMISSIONS) {
  const ws = openWorkspace(tempDir(), { lists: () => [] });
  const handlers = createHandlers(ws, { chooseSavePath: async () => { throw new Error('the save dialog must not open'); } }, '0.0.0-test');
  const registered = new Map<string, Listener>();
  const fakeIpcMain = { handle: (channel: string, listener: Listener) => void registered.set(channel, listener) };
  registerIpc(fakeIpcMain as never, handlers, () => ({ permissions }));
  const event = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } }) as unknown as IpcMainInvokeEvent;
  return { ws, registered, event };
}

describe('IPC registration', () => {
  it('registers exactly the contract channels, prefixed', async () => {
    const { ws, registered } = setup();
    expect([...registered.keys()].sort()).toEqual(CHANNELS.map((c) => `${IPC_PREFIX}${c}`).sort());
    ws.close();
  });

  it('answers the app page and refuses other frames', async () => {
    const { ws, registered, event } = setup();
    const info = registered.get('mishen:app.info')!;
    expect(await info(event('app://mishen/index.html'), {})).toMatchObject({ ok: true, value: { mode: 'single_operator' } });
    expect(await info(event('https://evil.example/'), {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await info(event('app://mishen/index.html', {}), {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    ws.close();
  });

  it('validates payloads before any handler runs', async () => {
    const { ws, registered, event } = setup();
    const decide = registered.get('mishen:review.decide')!;
    const bad = await decide(event('app://mishen/'), { id: -1, findingIds: [], decision: 'maybe' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const extra = await registered.get('mishen:app.info')!(event('app://mishen/'), { sneaky: 1 });
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const notBytes = await registered.get('mishen:documents.import')!(event('app://mishen/'), { name: 'a.txt', bytes: 'abc' });
    expect(notBytes).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    ws.close();
  });

  it('refuses export of an undecided review before asking where to save', async () => {
    const { ws, registered, event } = setup();
    const view = await ws.reviews.importFile('a.txt', Buffer.from('电话 13812345678'));
    const res = await registered.get('mishen:review.export')!(event('app://mishen/'), { id: view.document.id });
    expect(res).toMatchObject({ ok: false, error: { code: 'refused', message: '还有 1 项发现未作决定，不能继续' } });
    ws.close();
  });

  it('answers the document view channels, and refuses a bad page or review in Chinese', async () => {
    const { ws, registered, event } = setup();
    const call = (channel: string, payload: unknown) => registered.get(`mishen:${channel}`)!(event('app://mishen/'), payload);
    const view = await ws.reviews.importFile('a.txt', Buffer.from('电话 13812345678'));
    const id = view.document.id;
    expect(await call('documents.layout', { id })).toEqual({ ok: true, value: { kind: 'text', hidden: [] } });
    expect(await call('documents.layout', { id: 99 })).toEqual({ ok: false, error: { code: 'not_found', message: '找不到该审查记录', messageEn: 'review not found' } });
    expect(await call('documents.pageGlyphs', { id, page: 0 })).toMatchObject({ ok: false, error: { code: 'invalid_request', message: '请求参数无效（page）' } });
    expect(await call('documents.pageGlyphs', { id, page: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_request', message: '只有 PDF 文档有页面视图' } });
    expect(await call('documents.source', { id })).toMatchObject({ ok: false, error: { code: 'invalid_request', message: '只有 PDF 文档有页面视图' } });
    const finding = view.findings[0]!.id;
    expect(await call('review.decide', { id, findingIds: [finding], decision: 'accepted' })).toMatchObject({ ok: true, value: { document: { undecidedCount: 0 } } });
    expect(await call('review.decide', { id, findingIds: [finding], decision: 'undecided' })).toMatchObject({ ok: true, value: { document: { undecidedCount: 1 } } });
    expect(await call('review.addManual', { id, spans: [{ start: 0, end: 2 }], reason: '标题用语', basis: 'b' })).toMatchObject({ ok: true, value: { manual: [{ start: 0, end: 2 }] } });
    expect(await call('review.addManual', { id, spans: [], reason: '标题用语', basis: 'b' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    ws.close();
  });

  it('answers a PDF page beyond the last one with a Chinese refusal', async () => {
    const { ws, registered, event } = setup();
    const id = (await ws.reviews.importFile('n.pdf', noticePdf())).document.id;
    const res = await registered.get('mishen:documents.pageGlyphs')!(event('app://mishen/'), { id, page: 9 });
    expect(res).toEqual({ ok: false, error: { code: 'invalid_request', message: '页码超出范围：该文档共 3 页', messageEn: 'page 9 is out of range (1-3)' } });
    const source = await registered.get('mishen:documents.source')!(event('app://mishen/'), { id });
    expect(source).toMatchObject({ ok: true, value: { bytes: expect.any(Uint8Array) } });
    ws.close();
  });

  it('checks the permission of the caller', async () => {
    const { ws, registered, event } = setup(new Set(['app.read']));
    expect(await registered.get('mishen:log.verify')!(event('app://mishen/'), {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    ws.close();
  });

  it('wraps expected failures as data and hides unexpected ones', async () => {
    const { ws, registered, event } = setup();
    const open = await registered.get('mishen:documents.open')!(event('app://mishen/'), { id: 99 });
    expect(open).toEqual({ ok: false, error: { code: 'not_found', message: '找不到该审查记录', messageEn: 'review not found' } });
    const seen: unknown[] = [];
    const handlers = { ...createHandlers(ws, { chooseSavePath: async () => null }, 'x'), 'app.info': async () => { throw new Error('boom /secret/path'); } };
    const res = await dispatch(handlers as never, 'app.info', {}, { permissions: SINGLE_OPERATOR_PERMISSIONS, onInternalError: (_c, e) => seen.push(e) });
    expect(res).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(res)).not.toContain('secret');
    expect(seen).toHaveLength(1);
    ws.close();
  });

  it('trusts only the app origin', async () => {
    expect(isTrustedSender('app://mishen/index.html')).toBe(true);
    expect(isTrustedSender('app://mishen.evil/index.html')).toBe(false);
    expect(isTrustedSender('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isTrustedSender('http://localhost:5173/')).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });
});
