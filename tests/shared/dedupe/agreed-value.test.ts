import { describe, expect, it } from 'vitest';
import { prepare } from '../../../shared/dedupe/fields';

describe('term-frequency value of a list field', () => {
  it('is the pair\'s own agreed e-mail, whatever pair was compared last', () => {
    const p = prepare(
      [
        { id: '1', fields: { first_name: 'Ann', last_name: 'Lee', email: 'ann@rare.example' } },
        { id: '2', fields: { first_name: 'Ann', last_name: 'Lee', email: 'ann@rare.example' } },
        { id: '3', fields: { first_name: 'Bo', last_name: 'Ng', email: 'info@common.example' } },
        { id: '4', fields: { first_name: 'Bo', last_name: 'Ng', email: 'info@common.example' } },
      ],
      {},
    );
    const email = p.fields.find((f) => f.name === 'email')!;
    expect(email.compare(0, 1)).toBe(0);
    expect(email.compare(2, 3)).toBe(0);
    // Asked after (2, 3) was compared, the pair (0, 1) still agreed on its own address.
    expect(email.agreedValue(0, 1)).toBe('ann@rare.example');
    expect(email.agreedValue(2, 3)).toBe('info@common.example');
  });
});
