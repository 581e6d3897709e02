import { describe, expect, it } from 'vitest';
import { segmentNamesIn, withMembership } from '../../../shared/segments';

describe('the segments cell', () => {
  it('adds a member\'s segment after the others and keeps the cell when it is already listed', () => {
    expect(withMembership('', 'VIP', true)).toBe('VIP');
    expect(withMembership('Gauteng', 'VIP', true)).toBe('Gauteng; VIP');
    expect(withMembership('Gauteng; VIP', 'VIP', true)).toBe('Gauteng; VIP');
    // Written by hand without the space: left as typed when nothing changes.
    expect(withMembership('VIP;Gauteng', 'VIP', true)).toBe('VIP;Gauteng');
  });

  it('takes off the segment of one who left, whatever its case, and keeps the rest in their order', () => {
    expect(withMembership('Gauteng; VIP; Corporate', 'vip', false)).toBe('Gauteng; Corporate');
    expect(withMembership('VIP', 'VIP', false)).toBe('');
    expect(withMembership('Gauteng', 'VIP', false)).toBe('Gauteng');
    // A renamed case is written as saved now.
    expect(withMembership('vip; Gauteng', 'VIP', true)).toBe('Gauteng; VIP');
  });

  it('reads names around blanks and spaces; names may hold commas', () => {
    expect(segmentNamesIn(' Gauteng ;; Big, loyal ; ')).toEqual(['Gauteng', 'Big, loyal']);
    expect(withMembership('Big, loyal', 'Gauteng', true)).toBe('Big, loyal; Gauteng');
  });
});
