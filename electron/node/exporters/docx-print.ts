import mammoth from 'mammoth';

/**
 * A redacted DOCX as a printable page, for publication as PDF: mammoth's
 * semantic HTML (headings, paragraphs, lists, tables, images as data: URLs;
 * it reads only what the cleaned package still holds) in an A4 layout after
 * GB/T 9704 (title in a heiti face, body 16 pt songti, 28/26 mm margins).
 * The page may load nothing and run nothing: its CSP allows inline styles
 * and data: images only.
 */
const CSS = `
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
html { font-family: "FangSong", "仿宋", "FangSong_GB2312", "STFangsong", "SimSun", "宋体", "Noto Serif CJK SC", "Source Han Serif SC", serif; font-size: 16pt; line-height: 1.75; color: #000; }
h1, h2, h3 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; font-weight: normal; }
h1 { font-size: 22pt; text-align: center; margin: 0 0 1em; }
h2 { font-size: 16pt; margin: 0.6em 0 0.2em; }
p { margin: 0; text-indent: 2em; text-align: justify; }
table { border-collapse: collapse; margin: 0.6em 0; width: 100%; font-size: 12pt; line-height: 1.4; }
td, th { border: 1px solid #000; padding: 3pt 5pt; vertical-align: top; }
td p, th p { text-indent: 0; }
img { max-width: 100%; }
`;

export async function docxPrintHtml(docx: Uint8Array): Promise<string> {
  const { value } = await mammoth.convertToHtml({ buffer: Buffer.from(docx) });
  return (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">` +
    `<style>${CSS}</style></head><body>${value}</body></html>`
  );
}
