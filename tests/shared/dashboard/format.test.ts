import { describe, expect, it } from 'vitest';
import { formatCompact, formatValue, niceTicks } from '../../../shared/dashboard';

describe('dashboard value formats', () => {
  it('shows fractions as percents, money with two decimals and the currency symbol, counts whole', () => {
    expect(formatValue(0.4274, 'percent')).toBe('42.7%');
    expect(formatValue(1, 'percent')).toBe('100.0%');
    expect(formatValue(1234.5, 'currency', 'ZAR')).toBe('R\u00a01,234.50');
    expect(formatValue(1234.5, 'currency', 'USD')).toBe('$1,234.50');
    expect(formatValue(1234.5, 'currency')).toBe('1,234.50');
    // Not an ISO code: written in front of the number as typed.
    expect(formatValue(1234.5, 'currency', 'Rand')).toBe('Rand 1,234.50');
    expect(formatValue(2400, 'integer')).toBe('2,400');
    expect(formatValue(null, 'currency')).toBe('');
    expect(formatValue('<b>x</b>', 'text')).toBe('<b>x</b>');
  });

  it('writes compact money instead of cutting digits', () => {
    expect(formatCompact(4_166_243.52, 'currency', 'ZAR')).toBe('R\u00a04.2M');
    expect(formatCompact(12_500, 'currency', 'EUR')).toBe('€12.5K');
    expect(formatCompact(4_166_243.52, 'currency', 'Rand')).toBe('Rand 4.2M');
    expect([formatCompact(412.25, 'currency', 'USD'), formatCompact(2.5, 'currency', 'USD'), formatCompact(999.6, 'integer')]).toEqual(['$412', '$2.5', '1K']);
    expect([formatCompact(13235.94, 'currency'), formatCompact(1_100_000, 'integer'), formatCompact(0.45, 'percent'), formatCompact(49, 'integer')]).toEqual(['13.2K', '1.1M', '45%', '49']);
  });

  it('puts ticks at round steps covering the data', () => {
    expect(niceTicks(0, 4_166_243)).toEqual([0, 1_000_000, 2_000_000, 3_000_000, 4_000_000, 5_000_000]);
    expect(niceTicks(0, 0.62)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(niceTicks(-120, 310)).toEqual([-200, -100, 0, 100, 200, 300, 400]);
    expect(niceTicks(0, 37)).toEqual([0, 10, 20, 30, 40]);
    expect(niceTicks(5, 5)).toEqual([5]);
  });
});
