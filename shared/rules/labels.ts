import type { Category, FindingType } from './finding';

export const CATEGORY_LABELS: Record<Category, string> = {
  classified: '涉密标识',
  personal: '个人信息',
  trade_secret: '商业秘密',
  negative_list: '负面清单',
  internal: '内部事项',
};

export const TYPE_LABELS: Record<FindingType, string> = {
  id_card: '身份证号',
  mobile_phone: '手机号',
  email: '电子邮箱',
  negative_list: '清单词条',
};
