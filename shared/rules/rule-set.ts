import { z } from 'zod';
import defaultRuleSet from '../../resources/rules/default.json';
import type { Detector } from './detector';

/**
 * A rule set is data: which detectors run, the score threshold, and
 * per-detector context words and boosts. The engine version plus the rule
 * set's id, version and hash go into every scan record.
 */
export const ruleSetSchema = z
  .object({
    id: z.string().min(1).max(100),
    version: z.string().min(1).max(50),
    description: z.string().max(2000).optional(),
    threshold: z.number().min(0).max(1),
    detectors: z.record(
      z.string().min(1).max(100),
      z
        .object({
          enabled: z.boolean().optional(),
          contextWords: z.array(z.string().min(1).max(40)).max(500).optional(),
          contextBoost: z.number().min(0).max(1).optional(),
        })
        .strict(),
    ),
  })
  .strict();

export type RuleSet = z.infer<typeof ruleSetSchema>;

export const DEFAULT_RULE_SET: RuleSet = ruleSetSchema.parse(defaultRuleSet);

/** The detectors a rule set switches on, with its context overrides applied. Detectors it does not name run as built. */
export function applyRuleSet(detectors: readonly Detector[], ruleSet: RuleSet): Detector[] {
  const out: Detector[] = [];
  for (const d of detectors) {
    const cfg = ruleSet.detectors[d.id];
    if (cfg?.enabled === false) continue;
    out.push(
      cfg?.contextWords || cfg?.contextBoost !== undefined
        ? { ...d, contextWords: cfg.contextWords ?? d.contextWords, contextBoost: cfg.contextBoost ?? d.contextBoost }
        : d,
    );
  }
  return out;
}
