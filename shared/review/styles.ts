import type { Category } from '../rules/finding';

/**
 * How a removed value reads in the published copy:
 * - `block`: every character becomes ■ (line breaks kept);
 * - `mask`: identifiers keep what identifies nobody (ID `130523********1234`,
 *   mobile `138****5678`, card `622848******1234`); other values as `block`;
 * - `label`: the kind of content in brackets (`[个人信息]`, `[商业秘密]`);
 * - `court`: names as the courts publish them, surname kept (张某, 欧阳某某);
 *   other values as `label`.
 */
export const REDACTION_STYLES = ['block', 'mask', 'label', 'court'] as const;
export type RedactionStyle = (typeof REDACTION_STYLES)[number];

/** The reviewer's choice: one style, optionally another per category. */
export interface StyleChoice {
  style: RedactionStyle;
  byCategory?: Partial<Record<Category | 'manual', RedactionStyle>>;
}
