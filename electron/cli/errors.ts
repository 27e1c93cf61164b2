import { AppError } from '../../shared/errors';

/** Exit codes: 0 success, 1 error, 2 usage, 3 refused by policy, 130 interrupted (Ctrl+C; a batch keeps its state). */
export const EXIT = { ok: 0, error: 1, usage: 2, refused: 3, interrupted: 130 } as const;

export class UsageError extends AppError {
  constructor(zh: string, en: string) {
    super('invalid_request', zh, en);
  }
}

export function exitCodeFor(err: unknown): number {
  if (err instanceof UsageError) return EXIT.usage;
  if (err instanceof AppError && err.code === 'refused') return EXIT.refused;
  return EXIT.error;
}

/** One line, Chinese then English. */
export function errorLine(err: unknown): string {
  if (err instanceof AppError) return `错误：${err.messageZh} | Error: ${err.messageEn}`;
  const message = err instanceof Error ? err.message : String(err);
  return `错误：内部错误（${message}） | Error: internal error (${message})`;
}
