import { BrowserWindow } from 'electron';
import { secureWebPreferences } from './web-preferences';

/** The one window factory. */
export function createWindow(preloadPath: string, title: string): BrowserWindow {
  return new BrowserWindow({
    width: 1360,
    height: 880,
    minWidth: 960,
    minHeight: 600,
    title,
    show: false,
    backgroundColor: '#f5f6f8',
    webPreferences: secureWebPreferences(preloadPath),
  });
}
