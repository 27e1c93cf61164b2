import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isWithin } from '../../electron/node/storage/paths';

describe('isWithin', () => {
  it('takes a name starting with two dots for a name, not for the parent folder', () => {
    const root = resolve('/srv/文件');
    expect(isWithin(root, root)).toBe(true);
    expect(isWithin(root, join(root, '..备注'))).toBe(true);
    expect(isWithin(root, join(root, '子目录', 'a.txt'))).toBe(true);
    expect(isWithin(root, resolve(root, '..'))).toBe(false);
    expect(isWithin(root, resolve(root, '..', '文件2'))).toBe(false);
    expect(isWithin(root, resolve('/etc/passwd'))).toBe(false);
  });
});
