import { describe, expect, it } from 'vitest';
import { fold, foldSpaced } from '../../../shared/kernel';

describe('fold', () => {
  it('ignores accents and case', () => {
    expect(fold('Zoë Ødegård')).toBe('zoe odegard');
    expect(fold('CHARNÉ')).toBe('charne');
    expect(fold('José Müller-Lüdenscheidt')).toBe('jose muller-ludenscheidt');
    expect(fold('Ñandú')).toBe('nandu');
  });

  it('spells out letters decomposition leaves whole', () => {
    expect(fold('Straße')).toBe('strasse');
    expect(fold('Łódź')).toBe('lodz');
    expect(fold('Æsir Œuvre')).toBe('aesir oeuvre');
    expect(fold('Þór Đoković')).toBe('thor dokovic');
    expect(fold('Işık')).toBe('isik');
  });

  it('folds compatibility forms: ligatures and full-width letters', () => {
    expect(fold('ﬁle')).toBe('file');
    expect(fold('ＡＢＣ')).toBe('abc');
  });

  it('keeps spacing and punctuation for the caller', () => {
    expect(fold('  E-mail  Address ')).toBe('  e-mail  address ');
    expect(foldSpaced('  Zoë \t Ødegård\n')).toBe('zoe odegard');
  });
});
