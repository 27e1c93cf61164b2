import { BrowserWindow } from 'electron';
import { secureWebPreferences } from './web-preferences';

/**
 * Prints a self-contained HTML page (no scripts, images as data: URLs) to an
 * A4 PDF in a hidden window that has no preload and no JavaScript: the
 * layout engine the app already ships, used for "DOCX as PDF". The session
 * lockdown lets nothing but inert data: URLs load.
 */
export async function printHtmlToPdf(html: string): Promise<Uint8Array> {
  const { preload: _none, ...prefs } = secureWebPreferences('');
  const win = new BrowserWindow({ show: false, webPreferences: { ...prefs, javascript: false } });
  try {
    await win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
    const pdf = await win.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
    return new Uint8Array(pdf);
  } finally {
    win.destroy();
  }
}
