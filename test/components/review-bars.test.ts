import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ErrorData } from '../../shared/errors';
import type { IpcResult, ReviewView, SessionView } from '../../shared/ipc/views';
import { BASIS } from '../../shared/rules/basis';
import { NOTICE_TEXT } from '../fixtures/samples';
import { calls, installBridge, mountComponents, screenshot, show, type FakeBridge } from './components';
import type { Mounted } from './mount';
import { housingNoticeDocx, manualOf, reviewOf, spanOf } from './review-data';

/**
 * The bars of the review screen that call the app: manual redaction and the
 * decision. The only fake is the preload's bridge, which records each call,
 * checks it against the real contract, and answers as main would.
 */

const notice = housingNoticeDocx();
const open = reviewOf('住房保障公示.docx', notice);
const decided = reviewOf('住房保障公示.docx', notice, { decide: (f) => (f.type === 'person_name' ? 'rejected' : 'accepted') });
const ID = open.view.document.id;
const ok = (value: ReviewView): IpcResult<unknown> => ({ ok: true, value });
const refused = (code: ErrorData['code'], message: string, messageEn: string): IpcResult<unknown> => ({ ok: false, error: { code, message, messageEn } });
const withStatus = (v: ReviewView, status: ReviewView['document']['status']): ReviewView => ({ ...v, document: { ...v.document, status } });

let m: Mounted;
let bridge: FakeBridge;
beforeAll(async () => {
  m = await mountComponents({ width: 1100, height: 420 });
  bridge = await installBridge(m);
});
afterAll(async () => {
  await m?.close();
});
beforeEach(() => {
  bridge.calls.length = 0;
  bridge.invalid.length = 0;
});

describe('ManualBar (Chromium)', () => {
  const bar = () => m.page.getByTestId('manual-bar');
  const reason = () => bar().getByRole('textbox', { name: '人工脱敏理由' });
  const add = () => bar().getByRole('button', { name: '人工脱敏', exact: true });
  const office = spanOf(open.view.text, '市住房保障办公室');
  /** Answers addManual and removeManual as review-service.ts does: the review with its manual redactions. */
  const answerManual = (view: ReviewView) => {
    let current = view;
    let next = 1 + Math.max(0, ...view.manual.map((x) => x.id));
    bridge.answer = (channel, payload) => {
      if (channel === 'review.addManual') {
        const p = payload as { spans: { start: number; end: number }[]; reason: string; basis: string };
        current = { ...current, manual: [...current.manual, ...p.spans.map((s) => manualOf(open.doc, s, next++, p.reason, p.basis))] };
      } else if (channel === 'review.removeManual') {
        const p = payload as { manualId: number };
        current = { ...current, manual: current.manual.filter((x) => x.id !== p.manualId) };
      }
      return ok(current);
    };
  };

  it('says how much is selected: one span, or several places', async () => {
    await show(m, { kind: 'manual', view: open.view, spans: [office] });
    expect(await bar().locator('.muted').first().innerText()).toBe('已选 8 字：');
    expect(await bar().locator('.manual-excerpt').innerText()).toBe('市住房保障办公室');
    const names = [spanOf(open.view.text, '王芳'), spanOf(open.view.text, '王芳', 1)];
    await show(m, { kind: 'manual', view: open.view, spans: names });
    expect(await bar().locator('.muted').first().innerText()).toBe('已选 2 处共 4 字：');
    expect(await bar().locator('.manual-excerpt').innerText()).toBe('王芳…王芳');
    // A long selection is cut in the bar.
    const long = '根据《中华人民共和国政府信息公开条例》和《城镇保障性住房管理办法》规定';
    await show(m, { kind: 'manual', view: open.view, spans: [spanOf(open.view.text, long)] });
    expect(await bar().locator('.muted').first().innerText()).toBe(`已选 ${long.length} 字：`);
    expect(await bar().locator('.manual-excerpt').innerText()).toBe(`${long.slice(0, 24)}…`);
    // Nothing selected: how to select.
    await show(m, { kind: 'manual', view: open.view, spans: [] });
    expect(await bar().innerText()).toBe('选中文稿中的文字可人工脱敏（引擎未发现的内容）');
  });

  it('asks for a reason of two characters or more before adding', async () => {
    await show(m, { kind: 'manual', view: open.view, spans: [office] });
    expect(await add().isDisabled()).toBe(true);
    await reason().fill('内');
    expect(await add().isDisabled()).toBe(true);
    await reason().fill('  内  ');
    expect(await add().isDisabled()).toBe(true);
    await reason().fill('内部');
    expect(await add().isDisabled()).toBe(false);
    expect(bridge.calls).toEqual([]);
  });

  it('sends review.addManual with the spans, the reason and the basis, then lists the redaction', async () => {
    answerManual(open.view);
    const names = [spanOf(open.view.text, '王芳'), spanOf(open.view.text, '王芳', 1)];
    await show(m, { kind: 'manual', view: open.view, spans: names });
    await bar().getByRole('combobox', { name: '依据' }).selectOption({ label: '敏感个人信息（个保法第二十八条）' });
    await reason().fill(' 经办人姓名不予公开 ');
    await reason().press('Enter');
    await bar().getByRole('list', { name: '人工脱敏' }).waitFor();
    expect(bridge.calls).toEqual([{ channel: 'review.addManual', payload: { id: ID, spans: names, reason: '经办人姓名不予公开', basis: BASIS.personalSensitive } }]);
    expect(bridge.invalid).toEqual([]);
    const items = bar().getByRole('list', { name: '人工脱敏' }).getByRole('listitem');
    expect(await items.allInnerTexts()).toEqual([
      `王芳\n${manualOf(open.doc, names[0]!, 1, '', '').location} · 经办人姓名不予公开\n×`,
      `王芳\n${manualOf(open.doc, names[1]!, 2, '', '').location} · 经办人姓名不予公开\n×`,
    ]);
    expect((await calls(m)).map((c) => c.name)).toEqual(['onChange', 'onDone']);
    // Done: the selection is gone, the hint is back.
    expect(await bar().getByText('选中文稿中的文字可人工脱敏（引擎未发现的内容）').count()).toBe(1);
    // The default basis is personal privacy.
    await show(m, { kind: 'manual', view: open.view, spans: [office] });
    await reason().fill('内部机构设置');
    await add().click();
    await expect.poll(() => bridge.calls.length).toBe(2);
    expect(bridge.calls[1]).toEqual({ channel: 'review.addManual', payload: { id: ID, spans: [office], reason: '内部机构设置', basis: BASIS.personalPrivacy } });
  });

  it('withdraws a manual redaction with its × button (review.removeManual)', async () => {
    const view = { ...open.view, manual: [manualOf(open.doc, office, 4, '内部机构设置', BASIS.workSecret), manualOf(open.doc, spanOf(open.view.text, '金融街18号'), 9, '住址门牌', BASIS.personalPrivacy)] };
    answerManual(view);
    await show(m, { kind: 'manual', view, spans: [] });
    const remove = bar().getByRole('button', { name: '撤销人工脱敏' });
    expect(await remove.count()).toBe(2);
    expect(await remove.first().innerText()).toBe('×');
    await screenshot(m, 'manual-bar', bar());
    await remove.nth(1).click();
    await expect.poll(() => remove.count()).toBe(1);
    expect(bridge.calls).toEqual([{ channel: 'review.removeManual', payload: { id: ID, manualId: 9 } }]);
    expect(bridge.invalid).toEqual([]);
    expect(await bar().getByRole('listitem').innerText()).toContain('市住房保障办公室');
  });

  it('shows the redactions of a closed review without ways to change them, and nothing when there are none', async () => {
    const submitted = withStatus({ ...open.view, manual: [manualOf(open.doc, office, 4, '内部机构设置', BASIS.workSecret)] }, 'submitted');
    await show(m, { kind: 'manual', view: submitted, spans: [office] });
    expect(await bar().getByRole('listitem').count()).toBe(1);
    expect(await bar().getByRole('button').count()).toBe(0);
    expect(await bar().getByRole('textbox').count()).toBe(0);
    await show(m, { kind: 'manual', view: withStatus(open.view, 'submitted'), spans: [office] });
    await m.page.waitForFunction(() => document.getElementById('root')!.childElementCount === 0);
    expect(await bar().count()).toBe(0);
  });

  // Known bug (ManualBar.tsx, add): nothing marks the call as under way, so a second click or Enter before main
  // answers sends the same spans again, and review-service.ts stores (and logs) them twice. Remove `.fails` once
  // the button is disabled while the call runs, as DecisionPanel does with `busy`.
  it('sends one review.addManual for a double click while main is busy', async () => {
    answerManual(open.view);
    const answer = bridge.answer;
    bridge.answer = (channel, payload) => new Promise((resolve) => setTimeout(() => resolve(answer(channel, payload)), 300));
    await show(m, { kind: 'manual', view: open.view, spans: [office] });
    await reason().fill('内部机构设置');
    await add().dblclick();
    await bar().getByRole('list', { name: '人工脱敏' }).waitFor();
    await m.page.waitForTimeout(400);
    expect(bridge.calls.map((c) => c.channel)).toEqual(['review.addManual']);
  });

  it('hands an error answer to onError as an ApiError and keeps what was typed', async () => {
    bridge.answer = () => refused('refused', '审查已提交，不能再修改', 'the review has been submitted');
    await show(m, { kind: 'manual', view: open.view, spans: [office] });
    await reason().fill('内部机构设置');
    await add().click();
    await expect.poll(() => calls(m, 'onError')).toEqual([
      { name: 'onError', args: [{ apiError: true, data: { code: 'refused', message: '审查已提交，不能再修改', messageEn: 'the review has been submitted' } }] },
    ]);
    expect(await calls(m, 'onDone')).toEqual([]);
    expect(await reason().inputValue()).toBe('内部机构设置');
    expect(await add().isDisabled()).toBe(false);
    expect(m.errors).toEqual([]);
  });
});

describe('DecisionPanel (Chromium)', () => {
  const panel = () => m.page.getByRole('region', { name: '审查结论' });
  const submit = () => panel().getByRole('button', { name: '提交审查' });
  const radio = (label: string) => panel().getByRole('radio', { name: label });
  const ATTRIBUTES = ['主动公开', '依申请公开', '部分公开', '不予公开'];

  it('cannot be submitted while findings are undecided', async () => {
    await show(m, { kind: 'decision', view: open.view, session: null });
    const undecided = open.view.findings.length;
    expect(undecided).toBeGreaterThan(10);
    expect(await submit().isDisabled()).toBe(true);
    expect(await panel().getByRole('status').innerText()).toBe(`仍有 ${undecided} 项未决定，不能导出`);
    expect(await panel().getByRole('button', { name: '导出脱敏稿' }).isDisabled()).toBe(true);
    expect(bridge.calls).toEqual([]);
  });

  it('offers the four disclosure attributes, partial by default when something was found', async () => {
    await show(m, { kind: 'decision', view: decided.view, session: null });
    const group = panel().getByRole('group', { name: '公开属性' });
    expect(await group.getByRole('radio').evaluateAll((rs) => rs.map((r) => (r as HTMLInputElement).value))).toEqual(['public', 'on_request', 'partial', 'withheld']);
    expect(await group.locator('label').allInnerTexts()).toEqual(ATTRIBUTES);
    expect(await radio('部分公开').isChecked()).toBe(true);
    await radio('不予公开').check();
    expect(await radio('部分公开').isChecked()).toBe(false);
    expect(await panel().getByRole('status').innerText()).toBe('公开属性为“不予公开”，不能导出发布稿');
    // Nothing found: public by default.
    await show(m, { kind: 'decision', view: { ...decided.view, findings: [] }, session: null });
    expect(await radio('主动公开').isChecked()).toBe(true);
  });

  it('sends review.submit with the attribute and the opinion, then shows the review submitted', async () => {
    bridge.answer = (_channel, payload) => {
      const p = payload as { attribute: ReviewView['document']['attribute']; opinion: string };
      return ok({ ...decided.view, document: { ...decided.view.document, status: 'submitted', attribute: p.attribute }, opinion: p.opinion });
    };
    await show(m, { kind: 'decision', view: decided.view, session: null });
    expect(await submit().isDisabled()).toBe(false);
    await radio('依申请公开').check();
    const opinion = '经审查，已对申请人身份证号、联系电话等个人信息作脱敏处理，其余内容可以依申请公开。';
    await panel().getByRole('textbox', { name: '审查意见' }).fill(opinion);
    await screenshot(m, 'decision-panel', panel());
    await submit().click();
    await panel().getByText('✓ 审查已提交').waitFor();
    expect(bridge.calls).toEqual([{ channel: 'review.submit', payload: { id: ID, attribute: 'on_request', opinion } }]);
    expect(bridge.invalid).toEqual([]);
    expect(await calls(m, 'onChange')).toEqual([{ name: 'onChange', args: [{ status: 'submitted', manual: [], attribute: 'on_request', opinion }] }]);
    expect(await submit().count()).toBe(0);
    expect(await radio('依申请公开').isDisabled()).toBe(true);
    expect(await panel().getByRole('textbox', { name: '审查意见' }).isDisabled()).toBe(true);
  });

  it('hands an error answer to onError as an ApiError and stays usable', async () => {
    bridge.answer = () => refused('forbidden', '当前用户无权执行此操作', 'not permitted for this user');
    await show(m, { kind: 'decision', view: decided.view, session: null });
    await submit().click();
    await expect.poll(() => calls(m, 'onError')).toEqual([
      { name: 'onError', args: [{ apiError: true, data: { code: 'forbidden', message: '当前用户无权执行此操作', messageEn: 'not permitted for this user' } }] },
    ]);
    await expect.poll(() => submit().isDisabled()).toBe(false);
    expect(await radio('部分公开').isDisabled()).toBe(false);
    expect(await calls(m, 'onChange')).toEqual([]);
    expect(m.errors).toEqual([]);
  });

  it('shows only what the signed-in user may do', async () => {
    const clerk: SessionView = { mode: 'accounts', user: { name: 'wangfang', roles: ['reviewer'], keyFingerprint: 'SHA256:3f9a' }, permissions: ['document.read', 'review.decide', 'review.submit'] };
    await show(m, { kind: 'decision', view: decided.view, session: clerk });
    expect(await submit().count()).toBe(1);
    expect(await panel().getByRole('button', { name: '导出脱敏稿' }).count()).toBe(0);
    const approver: SessionView = { mode: 'accounts', user: { name: 'lichu', roles: ['approver'], keyFingerprint: 'SHA256:77c1' }, permissions: ['document.read', 'review.approve'] };
    await show(m, { kind: 'decision', view: decided.view, session: approver });
    expect(await submit().count()).toBe(0);
  });

  it('blocks a secret marking until an override reason is recorded (review.override)', async () => {
    const marked = reviewOf('内部通知.txt', new TextEncoder().encode(`秘密★1年\n${NOTICE_TEXT}`), { decide: () => 'accepted' });
    const markings = marked.view.findings.filter((f) => f.blocksExport);
    expect(markings.length).toBeGreaterThan(0);
    const reason = '已于2024年5月经定密责任人解密，批准文号：京保密〔2024〕12号';
    bridge.answer = (_channel, payload) => ok({ ...marked.view, markingOverride: (payload as { reason: string }).reason });
    await show(m, { kind: 'decision', view: marked.view, session: null });
    expect(await panel().getByRole('status').innerText()).toBe(`文档含 ${markings.length} 处密级或公开属性标识，不能导出发布稿`);
    const input = panel().getByRole('textbox', { name: '覆盖理由（如解密依据、批准文号）' });
    const record = panel().getByRole('button', { name: '记录覆盖理由' });
    await input.fill('已解密');
    expect(await record.isDisabled()).toBe(true);
    await input.fill(reason);
    await record.click();
    await panel().getByText(`已记录覆盖理由：${reason}`).waitFor();
    expect(bridge.calls).toEqual([{ channel: 'review.override', payload: { id: ID, reason } }]);
    expect(bridge.invalid).toEqual([]);
    expect(await panel().getByRole('button', { name: '导出脱敏稿' }).isDisabled()).toBe(false);
    expect(m.errors).toEqual([]);
  });
});
