import { describe, expect, it } from 'vitest';
import { CATEGORIES, FINDING_TYPES } from '../../shared/rules/finding';
import { DEFAULT_QUERY, orderFindings, type FindingQuery } from '../../renderer/src/findings-order';
import { syntheticFindings } from '../components/synthetic';

const q = (over: Partial<FindingQuery>): FindingQuery => ({ ...DEFAULT_QUERY, ...over });
const findings = syntheticFindings(2_000);

describe('orderFindings', () => {
  it('groups by category in the order of CATEGORIES, secret markings first', () => {
    const { groups } = orderFindings(findings, DEFAULT_QUERY);
    expect(groups.map((g) => g.key)).toEqual(CATEGORIES.filter((c) => findings.some((f) => f.category === c)));
    expect(groups[0]!.key).toBe('classified');
    for (const g of groups) {
      expect(g.findings.length).toBe(findings.filter((f) => f.category === g.key).length);
      expect(g.undecided).toBe(g.findings.filter((f) => f.decision === null).length);
    }
  });

  it('groups by type in the order of FINDING_TYPES, and puts everything in one group for none', () => {
    const byType = orderFindings(findings, q({ groupBy: 'type' })).groups.map((g) => g.key);
    expect(byType).toEqual(FINDING_TYPES.filter((t) => findings.some((f) => f.type === t)));
    const none = orderFindings(findings, q({ groupBy: 'none' }));
    expect(none.groups).toHaveLength(1);
    expect(none.ordered.map((f) => f.start)).toEqual(findings.map((f) => f.start).sort((a, b) => a - b));
  });

  it('lists ordered group by group, each sorted by position by default', () => {
    const { groups, ordered } = orderFindings(findings, DEFAULT_QUERY);
    expect(ordered).toEqual(groups.flatMap((g) => g.findings));
    expect(ordered).toHaveLength(findings.length);
    for (const g of groups) for (let i = 1; i < g.findings.length; i++) expect(g.findings[i - 1]!.start).toBeLessThan(g.findings[i]!.start);
  });

  it('sorts by score, highest first, ties by position; and by type', () => {
    const { ordered } = orderFindings(findings, q({ groupBy: 'none', sortBy: 'score' }));
    for (let i = 1; i < ordered.length; i++) {
      const [a, b] = [ordered[i - 1]!, ordered[i]!];
      expect(a.score > b.score || (a.score === b.score && a.start < b.start)).toBe(true);
    }
    const rank = (t: string) => FINDING_TYPES.indexOf(t as never);
    const byType = orderFindings(findings, q({ groupBy: 'none', sortBy: 'type' })).ordered;
    for (let i = 1; i < byType.length; i++) expect(rank(byType[i - 1]!.type)).toBeLessThanOrEqual(rank(byType[i]!.type));
  });

  it('filters by state and by category', () => {
    for (const state of ['undecided', 'accepted', 'rejected'] as const) {
      const { ordered, groups } = orderFindings(findings, q({ state }));
      expect(ordered.length).toBe(findings.filter((f) => (f.decision ?? 'undecided') === state).length);
      expect(ordered.length).toBeGreaterThan(0);
      expect(groups.every((g) => g.findings.length > 0)).toBe(true);
    }
    const personal = orderFindings(findings, q({ category: 'personal' }));
    expect(personal.groups.map((g) => g.key)).toEqual(['personal']);
  });

  it('matches text, type id, type label and location, ignoring case and surrounding spaces', () => {
    const id = findings.find((f) => f.type === 'id_card')!;
    expect(orderFindings(findings, q({ text: ` ${id.text.toLowerCase()} ` })).ordered).toContain(id);
    expect(orderFindings(findings, q({ text: 'USER1' })).ordered.every((f) => f.text.includes('user1'))).toBe(true);
    const byId = orderFindings(findings, q({ text: 'ID_CARD' })).ordered;
    expect(byId.length).toBe(findings.filter((f) => f.type === 'id_card').length);
    const label = (t: string) => (t === 'mobile_phone' ? '手机号' : t);
    const byLabel = orderFindings(findings, q({ text: '手机' }), { typeLabel: label }).ordered;
    expect(byLabel.length).toBe(findings.filter((f) => f.type === 'mobile_phone').length);
    expect(orderFindings(findings, q({ text: '手机' })).ordered).toHaveLength(0);
    const where = findings[500]!.location;
    expect(orderFindings(findings, q({ text: where })).ordered.every((f) => f.location.includes(where))).toBe(true);
  });

  it('leaves its input alone', () => {
    const copy = [...findings];
    orderFindings(findings, q({ sortBy: 'score', groupBy: 'none' }));
    expect(findings).toEqual(copy);
  });

  it('orders 10,000 findings quickly', () => {
    const many = syntheticFindings(10_000);
    orderFindings(many, DEFAULT_QUERY);
    const t0 = performance.now();
    for (const query of [DEFAULT_QUERY, q({ sortBy: 'score' }), q({ groupBy: 'type', text: '北京' }), q({ state: 'undecided', sortBy: 'type' })]) orderFindings(many, query);
    expect((performance.now() - t0) / 4).toBeLessThan(50);
  });
});
