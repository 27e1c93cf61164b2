import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '../../shared/batch/report-csv';
import { ARCHIVE_ID, ARCHIVE_MOBILE, writeArchive } from '../fixtures/archive';
import { mishen } from '../fixtures/cli';
import { useTempDirs } from '../fixtures/temp';

const tempDir = useTempDirs();

function folder() {
  const root = tempDir();
  const dir = join(root, '档案');
  const files = writeArchive(dir, 20);
  return { root, dir, files, data: join(root, 'data') };
}

describe('mishen batch', () => {
  it('is in the help, and refuses bad usage', () => {
    const help = mishen(['--help']);
    expect(help.stdout).toContain('mishen batch DIR [--out REPORT] [--jobs N]');
    expect(help.stdout).toContain('130 已中断 interrupted');
    const f = folder();
    expect(mishen(['batch', '--data-dir', f.data]).code).toBe(2);
    const jobs = mishen(['batch', f.dir, '--jobs', '9', '--data-dir', f.data]);
    expect(jobs.code).toBe(2);
    expect(jobs.stderr).toContain('--jobs 须为 1 到 8 的整数');
    const missing = mishen(['batch', join(f.root, 'nowhere'), '--data-dir', f.data]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('找不到目录');
    const resume = mishen(['batch', f.dir, '--resume', '--data-dir', f.data]);
    expect(resume.code).toBe(1);
    expect(resume.stderr).toContain('该目录没有可继续的检查');
  });

  it('checks a folder, prints the summary and writes both reports named after the run in the current folder', () => {
    const f = folder();
    const res = mishen(['batch', f.dir, '--jobs', '2', '--data-dir', f.data], {}, f.root);
    expect(res.code, res.stderr).toBe(0);
    const broken = f.files.filter((x) => x.kind === 'broken').length;
    expect(res.stdout).toContain(`批量检查 #1 完成：20 个文件，已检查 ${20 - broken}，无法读取 ${broken}，未检查 0`);
    expect(res.stdout).toMatch(/须人工处理：需文字识别 1/);
    expect(res.stderr).toContain('2 个线程');
    const reports = readdirSync(f.root).filter((n) => n.startsWith('mishen-batch-1-')).sort();
    expect(reports).toEqual([expect.stringMatching(/^mishen-batch-1-\d{8}\.csv$/), expect.stringMatching(/^mishen-batch-1-\d{8}\.html$/)]);
    const csv = readFileSync(join(f.root, reports[0]!), 'utf8');
    expect(csv.split('\r\n')[0]).toBe(`\uFEFF${CSV_COLUMNS.join(',')}`);
    expect(csv).not.toContain(ARCHIVE_ID);
    expect(readFileSync(join(f.root, reports[1]!), 'utf8')).not.toContain(ARCHIVE_MOBILE);

    // Run again: the check is finished, so a new one reads every file; --resume reads none.
    const again = JSON.parse(mishen(['batch', f.dir, '--json', '--out', join(f.root, 'again.html'), '--data-dir', f.data]).stdout);
    expect(again.summary.run.id).toBe(2);
    expect(again.checkedNow).toBe(20);
    expect(again.reports).toEqual([join(f.root, 'again.html')]);
    expect(existsSync(join(f.root, 'again.csv'))).toBe(false);
    const resumed = JSON.parse(mishen(['batch', f.dir, '--resume', '--json', '--out', join(f.root, 'r.csv'), '--data-dir', f.data]).stdout);
    expect(resumed).toMatchObject({ checkedNow: 0, reports: [join(f.root, 'r.csv')] });
    expect(resumed.summary.run.id).toBe(2);
  });

  it('uses the lists given instead of the office lists', () => {
    const f = folder();
    const list = join(f.root, '清单.txt');
    writeFileSync(list, '政务公开\n');
    const res = JSON.parse(mishen(['batch', f.dir, '--list', list, '--json', '--out', join(f.root, 'r'), '--data-dir', f.data]).stdout);
    expect(res.summary.byType.negative_list).toBeGreaterThan(0);
    expect(res.summary.run.rules.lists).toEqual([expect.stringMatching(/^清单@[0-9a-f]{12}$/)]);
  });
});
