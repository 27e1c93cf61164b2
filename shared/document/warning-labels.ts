/**
 * What the importers' warning codes mean, for the reviewer. Importers emit
 * `code` or `code:detail` (pages, sheet and cells, file names); the detail
 * goes into the sentence as written.
 *
 * `attention` warnings say that part of the document was not (or not
 * fully) read, so a clean result there proves nothing: the workspace shows
 * them as an alert, not as a note.
 */
export interface WarningText {
  code: string;
  zh: string;
  en: string;
  attention: boolean;
}

type Label = { zh: (d: string) => string; en: (d: string) => string; attention?: true };

const LABELS: Record<string, Label> = {
  needs_ocr: {
    zh: (d) => `第 ${d} 页没有文字层（扫描件），本工具无法读取其内容，须人工逐页审查或先做文字识别`,
    en: (d) => `page(s) ${d} have no text layer (scanned); their content was not read — review them by eye or run OCR first`,
    attention: true,
  },
  pdf_pages_unreadable: {
    zh: (d) => `第 ${d} 页无法解析，内容未读取`,
    en: (d) => `page(s) ${d} could not be parsed; their content was not read`,
    attention: true,
  },
  pdf_text_unmapped: {
    zh: (d) => `第 ${d} 页部分文字缺少字符映射，提取的文本可能不完整`,
    en: (d) => `page(s) ${d} use glyphs without a Unicode mapping; the extracted text may be incomplete`,
    attention: true,
  },
  pdf_little_text: {
    zh: (d) => `第 ${d} 页几乎没有文字，可能是带页码的扫描页`,
    en: (d) => `page(s) ${d} carry almost no text; perhaps scanned pages with a page number`,
    attention: true,
  },
  pdf_offpage_text: {
    zh: (d) => `第 ${d} 页有画在页面之外的文字（读者看不到），已作为隐藏内容扫描`,
    en: (d) => `page(s) ${d} draw text outside the page (invisible to readers); scanned as hidden content`,
  },
  pdf_annotations_unreadable: {
    zh: (d) => `第 ${d} 页的批注无法读取`,
    en: (d) => `the annotations of page(s) ${d} could not be read`,
    attention: true,
  },
  embedded_files: {
    zh: (d) => `PDF 内嵌附件：${d.split('|').join('、')}`,
    en: (d) => `embedded files: ${d.split('|').join(', ')}`,
  },
  embedded_file_not_read: {
    zh: (d) => `内嵌附件“${d}”未能读取（PDF 套 PDF、过大或格式不支持），须单独审查`,
    en: (d) => `embedded file "${d}" was not read (a PDF inside the PDF, too large or unsupported); review it separately`,
    attention: true,
  },
  pdf_embedded_files_unreadable: {
    zh: () => 'PDF 的内嵌附件无法读取',
    en: () => 'the embedded files of this PDF could not be read',
    attention: true,
  },
  pdf_xfa_form: {
    zh: () => '这是 XFA 动态表单，表单内容可能未被完整读取',
    en: () => 'this is an XFA form; its contents may not have been fully read',
    attention: true,
  },
  pdf_metadata_unreadable: {
    zh: () => 'PDF 文档属性无法读取',
    en: () => 'the document properties of this PDF could not be read',
    attention: true,
  },
  pdf_no_pages: { zh: () => 'PDF 没有页面', en: () => 'the PDF has no pages', attention: true },
  encoding_uncertain: {
    zh: () => '文字编码无法确定，按最可能的编码读取；如出现乱码请先转换为 UTF-8',
    en: () => 'the text encoding is uncertain; read as the likeliest one — convert to UTF-8 if the text looks garbled',
    attention: true,
  },
  xlsx_scientific_number: {
    zh: (d) => `单元格 ${d} 以科学计数法存储长数字（身份证号、卡号可能已丢失末位）`,
    en: (d) => `cells ${d} store long numbers in scientific notation (ID or card digits may be lost)`,
  },
  xlsx_number_precision: {
    zh: (d) => `单元格 ${d} 的数字超过 15 位有效数字，末位已失真`,
    en: (d) => `cells ${d} hold numbers beyond 15 significant digits; trailing digits are lost`,
  },
  xlsx_bad_shared_string: {
    zh: (d) => `工作表 ${d} 引用了不存在的共享字符串`,
    en: (d) => `sheet ${d} refers to missing shared strings`,
    attention: true,
  },
  xlsx_sheet_skipped: {
    zh: (d) => `工作表 ${d} 不是普通工作表（图表或宏表），未读取`,
    en: (d) => `sheet ${d} is not a worksheet (chart or macro sheet) and was not read`,
    attention: true,
  },
  xlsx_sheet_missing: {
    zh: (d) => `工作表 ${d} 在文件中缺失`,
    en: (d) => `sheet ${d} is missing from the file`,
    attention: true,
  },
  xlsx_no_sheets: { zh: () => '工作簿没有工作表', en: () => 'the workbook has no sheets', attention: true },
  html_unterminated_comment: { zh: () => 'HTML 注释未闭合，其后内容按注释处理', en: () => 'an HTML comment is not closed; what follows was read as comment' },
  html_unterminated_attribute: { zh: () => 'HTML 属性值未闭合', en: () => 'an HTML attribute value is not closed' },
  html_nesting_limit: { zh: () => 'HTML 嵌套过深，超出部分按平铺读取', en: () => 'HTML nesting is too deep; the rest was read flat' },
  csv_unterminated_quote: { zh: (d) => `CSV 引号未闭合（${d}）`, en: (d) => `a CSV quote is not closed (${d})`, attention: true },
  csv_read_as_text: {
    zh: (d) => `CSV 超过 ${d} 个单元格，已按纯文本读取（各列标题未用于识别）`,
    en: (d) => `the CSV has more than ${d} cells and was read as plain text (column headers not used)`,
  },
  csv_cell_normalised: { zh: (d) => `CSV 单元格内的换行或制表符已替换为空格（${d}）`, en: (d) => `line breaks or tabs inside CSV cells were replaced by spaces (${d})` },
};

export function describeWarning(warning: string): WarningText {
  const colon = warning.indexOf(':');
  const code = colon < 0 ? warning : warning.slice(0, colon);
  const detail = colon < 0 ? '' : warning.slice(colon + 1);
  const label = LABELS[code] ?? (code.startsWith('html_unterminated_') ? LABELS.html_unterminated_attribute : undefined);
  if (code.startsWith('html_unterminated_') && code !== 'html_unterminated_comment' && code !== 'html_unterminated_attribute') {
    const tag = code.slice('html_unterminated_'.length);
    return { code, zh: `HTML 的 <${tag}> 元素未闭合`, en: `the HTML <${tag}> element is not closed`, attention: false };
  }
  if (!label) return { code, zh: `导入提示：${warning}`, en: `import note: ${warning}`, attention: true };
  return { code, zh: label.zh(detail), en: label.en(detail), attention: label.attention === true };
}
