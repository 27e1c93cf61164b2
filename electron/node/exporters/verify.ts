import { basename } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { ExtractedDocument } from '../../../shared/document/model';
import { importDocumentAsync } from '../importers';
import { readZip } from '../importers/zip';
import { decodeText } from '../text/encoding';
import { xmlPartText } from './docx';
import { assertNoLeak } from './leak-check';

/** Hidden places that must not exist in a published copy at all. */
const FORBIDDEN = new Set(['comment', 'tracked_deletion', 'hidden_text', 'cell_comment', 'attachment', 'form_field']);

/**
 * Checks a published copy on its own, as an auditor would on another
 * machine (`mishen verify-export`): the copy is re-imported (its text and
 * every hidden place the importers know), an Office package's XML parts and
 * a text file's raw characters are read as well, and the check refuses
 * (`refused`) when any of `values` is still there or a hidden place
 * (comment, tracked deletion, hidden text, attachment, form field) remains.
 * Returns what was checked.
 */
export async function verifyCopy(path: string, bytes: Uint8Array, values: readonly string[]): Promise<string[]> {
  let doc: ExtractedDocument;
  try {
    doc = await importDocumentAsync(basename(path), bytes);
  } catch (err) {
    if (err instanceof AppError && err.code === 'password_required') {
      throw new AppError('refused', '发布稿设置了打开密码，无法核验；发布稿不应加密', 'the copy is encrypted and cannot be checked; a published copy must not be');
    }
    throw err;
  }
  const hidden = doc.segments.find((s) => s.hidden && FORBIDDEN.has(s.hidden));
  if (hidden) {
    throw new AppError('refused', `发布稿中仍有隐藏内容（${hidden.hidden}），核验未通过`, `the copy still holds hidden content (${hidden.hidden})`);
  }
  const haystacks = new Map<string, string>([['文字', doc.text]]);
  if (doc.format === 'docx' || doc.format === 'xlsx') {
    for (const [name, data] of readZip(bytes)) if (/\.(xml|rels|vml)$/i.test(name)) haystacks.set(name, xmlPartText(data, name));
  } else if (doc.format !== 'pdf') {
    haystacks.set('原始字符', decodeText(bytes).text);
  }
  return assertNoLeak(values, haystacks).checked;
}
