import type { CustomRule } from '../ipc/views';
import { customRuleDetector } from './custom-rule';
import type { Detector } from './detector';

/**
 * The office's changes on top of the shipped rule set, as plain data: it
 * travels to the scan worker by structured clone and is compiled there (a
 * RegExp or a function does not cross a worker boundary). The shipped rule
 * set itself is never changed.
 */
export interface RuleOverlay {
  /** The office's rule set version; 0 when the office changed nothing. */
  version: number;
  customRules: readonly CustomRule[];
  /** Built-in detectors the office switched off. */
  disabledDetectors: readonly string[];
}

export const NO_OVERLAY: RuleOverlay = { version: 0, customRules: [], disabledDetectors: [] };

/** Built-in detectors less those switched off, then the enabled custom rules, compiled. */
export function applyOverlay(detectors: readonly Detector[], overlay: RuleOverlay): Detector[] {
  const off = new Set(overlay.disabledDetectors);
  const custom = overlay.customRules.filter((r) => r.enabled).map((r) => customRuleDetector(r, overlay.version));
  return [...detectors.filter((d) => !off.has(d.id)), ...custom];
}

/** How scan records name the office's part: `+office@v3` after the shipped rule set's id, nothing for version 0. */
export function overlaySuffix(overlay: Pick<RuleOverlay, 'version'>): string {
  return overlay.version > 0 ? `+office@v${overlay.version}` : '';
}
