import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText, encodeText } from '../../electron/node/text/encoding';
import { NOTICE_TEXT } from '../fixtures/samples';

const SHORT = '关于政务公开工作的通知';

describe('text encoding detection', () => {
  it.each([
    ['utf-8', false],
    ['utf-8', true],
    ['utf-16le', true],
    ['utf-16be', true],
    ['gb18030', false],
    ['big5', false],
  ] as const)('reads %s (BOM %s) without mojibake', (encoding, bom) => {
    const text = encoding === 'big5' ? '關於政務公開工作的通知，請各單位認真貫徹執行。' : NOTICE_TEXT;
    const decoded = decodeText(iconv.encode(text, encoding, { addBOM: bom }));
    expect(decoded).toMatchObject({ text, encoding, bom, uncertain: false });
  });

  it('reads short GBK text, not as Latin-1', () => {
    expect(decodeText(iconv.encode(SHORT, 'gbk'))).toMatchObject({ text: SHORT, encoding: 'gb18030' });
  });

  it('reads UTF-16 without a BOM when the text is mostly ASCII', () => {
    const text = 'Report 2024: contact 13812345678, 办公室';
    expect(decodeText(iconv.encode(text, 'utf-16le'))).toMatchObject({ text, encoding: 'utf-16le' });
  });

  it('round-trips through encodeText in the source encoding', () => {
    for (const enc of ['utf-8', 'gb18030', 'utf-16le'] as const) {
      const bytes = encodeText(`${SHORT}■■■`, enc, enc === 'utf-16le');
      expect(decodeText(bytes).text).toBe(`${SHORT}■■■`);
    }
  });
});
