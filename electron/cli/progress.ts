import type { BatchProgress } from '../../shared/batch/report';

/**
 * Progress of a folder check on stderr: one redrawn line on a terminal
 * (bar, files, pages/s, time left, current file), a plain line every few
 * seconds otherwise (logs, pipes). File names are hostile: control
 * characters, escape sequences included, are printed as `?`.
 */

const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\ud840-\ud8bf][\udc00-\udfff]/;

export const printable = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '?');

function width(s: string): number {
  let w = 0;
  for (const ch of s) w += WIDE.test(ch) ? 2 : 1;
  return w;
}

/** The end of `s` that fits in `max` columns, with `…` in front when cut. */
function tail(s: string, max: number): string {
  if (width(s) <= max) return s;
  const chars = [...s];
  let w = 1;
  let i = chars.length;
  while (i > 0 && w + width(chars[i - 1]!) <= max) w += width(chars[--i]!);
  return `…${chars.slice(i).join('')}`;
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}小时${m}分` : m > 0 ? `${m}分${s % 60}秒` : `${s}秒`;
}

function stats(p: BatchProgress): string {
  const eta = p.etaMs === null ? '' : ` · 剩余 ${formatDuration(p.etaMs)}`;
  return `${p.finished}/${p.total} 个文件 · ${p.filesPerSec.toFixed(1)} 文件/秒 · ${p.pagesPerSec.toFixed(1)} 页/秒${eta}`;
}

export interface ProgressReporter {
  update(p: BatchProgress): void;
  end(): void;
}

export function progressReporter(stream: NodeJS.WriteStream): ProgressReporter {
  const tty = stream.isTTY === true;
  let last = 0;
  let phase = '';
  let drawn = false;
  return {
    update(p) {
      const now = Date.now();
      const changed = p.phase !== phase;
      phase = p.phase;
      if (!changed && now - last < (tty ? 100 : 5000)) return;
      last = now;
      if (!tty) {
        const line = p.phase === 'listing' ? `[批量检查 #${p.run}] 正在列出文件：${p.listed}` : `[批量检查 #${p.run}] ${stats(p)}`;
        if (p.phase === 'listing' || p.phase === 'checking') stream.write(`${line}\n`);
        return;
      }
      const cols = Math.max(40, (stream.columns ?? 100) - 1);
      let line: string;
      if (p.phase === 'listing') line = `正在列出文件… ${p.listed}`;
      else {
        const ratio = p.total === 0 ? 1 : p.finished / p.total;
        const filled = Math.round(ratio * 20);
        line = `[${'#'.repeat(filled)}${'-'.repeat(20 - filled)}] ${Math.floor(ratio * 100)}% ${stats(p)}`;
        const current = p.current[0];
        if (current && width(line) + 6 < cols) line += ` · ${tail(printable(current), cols - width(line) - 3)}`;
      }
      stream.write(`\r\u001b[K${tail(line, cols)}`);
      drawn = true;
    },
    end() {
      if (tty && drawn) stream.write('\r\u001b[K');
    },
  };
}
