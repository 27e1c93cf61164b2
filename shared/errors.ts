/** Error codes that cross every boundary (IPC, CLI exit codes, UI messages). */
export type ErrorCode =
  | 'invalid_request'
  | 'forbidden'
  | 'not_found'
  | 'unsupported_format'
  | 'bad_input'
  | 'too_large'
  | 'refused'
  | 'password_required'
  | 'cancelled'
  | 'internal';

/** Errors become plain data when they cross a boundary: code plus both languages. */
export interface ErrorData {
  code: ErrorCode;
  message: string;
  messageEn: string;
}

/** An expected failure with a message a reviewer can act on, in Chinese and English. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly messageZh: string,
    readonly messageEn: string,
  ) {
    super(messageZh);
    this.name = 'AppError';
  }

  toData(): ErrorData {
    return { code: this.code, message: this.messageZh, messageEn: this.messageEn };
  }
}

export function toErrorData(err: unknown): ErrorData {
  if (err instanceof AppError) return err.toData();
  return { code: 'internal', message: '内部错误，操作未完成', messageEn: 'Internal error; the operation did not complete' };
}
