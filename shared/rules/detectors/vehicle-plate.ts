import { BASIS } from '../basis';
import type { Candidate, Detector } from '../detector';
import { matchAll } from '../detector';

/**
 * Mainland motor vehicle plates (GA 36): one of the 31 province
 * abbreviations, the issuing authority's letter (no I or O), an optional
 * separator dot, then
 * - ordinary plates: 5 letters/digits (京A12345, 粤B·1234X), or 4 and a
 *   purpose character (学 driving school, 警 police, 挂 trailer, 港/澳
 *   cross-border, 领 consulate, 试 test, 超 oversize);
 * - new-energy plates, 6 characters: small vehicles D/A/B/C/E (electric) or
 *   F/G/H/J/K (other), then a letter or digit, then 4 digits (京AD12345,
 *   京AF5A123 is not one); large vehicles 5 digits then the class letter
 *   (京A12345D).
 * Obvious non-plates are excluded: ordinary serials with fewer than three
 * digits (京ABCDE, 沪AWARD) and anything glued to further letters or digits
 * (京ICP备..., 沪B2-2010..., a longer code).
 */
const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const L = 'A-HJ-NP-Z';
const PATTERN = new RegExp(
  `[${PROVINCES}][${L}][·•・.． -]?` +
    `(?:[DABCEFGHJK][${L}0-9]\\d{4}|\\d{5}[DABCEFGHJK]|[${L}0-9]{5}|[${L}0-9]{4}[学警挂港澳领试超])` +
    '(?![0-9A-Za-z])',
  'g',
);

export const vehiclePlateDetector: Detector = {
  id: 'cn_vehicle_plate',
  version: 1,
  type: 'vehicle_plate',
  category: 'personal',
  basis: BASIS.personalPrivacy,
  contextWords: ['车牌', '号牌', '车辆', '牌照', '机动车', '车号', '驾驶', '行驶证', '停车', '车主', '违章', '轿车', '货车', '客车'],
  contextBoost: 0.3,
  detect(text) {
    const out: Candidate[] = [];
    for (const m of matchAll(PATTERN, text)) {
      const serial = m[0].slice(2).replace(/^[·•・.． -]/, '');
      const newEnergy = serial.length === 6;
      if (!newEnergy && (serial.match(/\d/g)?.length ?? 0) < 3) continue;
      out.push({
        start: m.index,
        end: m.index + m[0].length,
        // The shape (province character, authority letter, serial with digits) is specific.
        score: 0.6,
        pattern: newEnergy ? 'cn_plate_new_energy' : 'cn_plate',
      });
    }
    return out;
  },
};
