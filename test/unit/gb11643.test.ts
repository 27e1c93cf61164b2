import { describe, expect, it } from 'vitest';
import { checkResidentId18, gb11643CheckChar, isValidBirthDate } from '../../shared/rules/validators/gb11643';
import { PERSON_ID, PERSON_ID_2 } from '../fixtures/samples';

describe('GB 11643 check character', () => {
  it('computes the example numbers of the standard', () => {
    expect(gb11643CheckChar(PERSON_ID.slice(0, 17))).toBe('X');
    expect(gb11643CheckChar(PERSON_ID_2.slice(0, 17))).toBe('4');
  });

  it('accepts valid numbers and lower-case x', () => {
    expect(checkResidentId18(PERSON_ID)).toEqual({ region: true, birthDate: true, checksum: true });
    expect(checkResidentId18(PERSON_ID.toLowerCase()).checksum).toBe(true);
  });

  it('reports which part fails', () => {
    expect(checkResidentId18('110105194912310021')).toEqual({ region: true, birthDate: true, checksum: false });
    expect(checkResidentId18('990105194912310021').region).toBe(false);
    expect(checkResidentId18('110105194913310021').birthDate).toBe(false);
  });

  it('checks calendar dates including leap years', () => {
    expect(isValidBirthDate('20000229')).toBe(true);
    expect(isValidBirthDate('19000229')).toBe(false);
    expect(isValidBirthDate('20230431')).toBe(false);
    expect(isValidBirthDate('18791231')).toBe(false);
  });

  it('accepts residence permit prefixes 81, 82 and 83', () => {
    for (const prefix of ['81', '82', '83']) {
      const first17 = `${prefix}0000199001010${prefix === '83' ? '12' : '34'}`;
      expect(checkResidentId18(first17 + gb11643CheckChar(first17))).toEqual({ region: true, birthDate: true, checksum: true });
    }
  });
});
