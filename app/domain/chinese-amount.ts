/**
 * An amount of money in Chinese capital numerals (大写金额) as written on award notices and
 * vouchers: 12000.00 元 → 壹万贰仟元整, 10.05 元 → 壹拾元零伍分. Input is integer fen.
 */
const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const SMALL = ['', '拾', '佰', '仟'];
const BIG = ['', '万', '亿', '万亿'];

function section(n: number): string {
  // n < 10000, written without leading zeros; inner zeros collapse to one 零.
  let out = '';
  let zero = false;
  for (let i = 3; i >= 0; i--) {
    const d = Math.floor(n / 10 ** i) % 10;
    if (d === 0) {
      if (out) zero = true;
    } else {
      if (zero) out += '零';
      zero = false;
      out += DIGITS[d]! + SMALL[i]!;
    }
  }
  return out;
}

export function toChineseCapital(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new Error('amount must be a non-negative integer of fen');
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cents = fen % 10;
  let text = '';
  if (yuan > 0) {
    const groups: number[] = [];
    for (let y = yuan; y > 0; y = Math.floor(y / 10000)) groups.push(y % 10000);
    let needZero = false;
    for (let i = groups.length - 1; i >= 0; i--) {
      const g = groups[i]!;
      if (g === 0) {
        needZero = text.length > 0;
        continue;
      }
      if (text && (needZero || g < 1000)) text += '零';
      text += section(g) + BIG[i]!;
      needZero = false;
    }
    text += '元';
  }
  if (jiao === 0 && cents === 0) return (text || '零元') + '整';
  if (jiao > 0) text += (yuan > 0 && text.endsWith('元') && yuan % 10 === 0 ? '零' : '') + DIGITS[jiao] + '角';
  if (cents > 0) text += (jiao === 0 && yuan > 0 ? '零' : '') + DIGITS[cents] + '分';
  return text;
}
