import { describe, expect, it } from 'vitest';
import { shorten, wrap } from '../../../../addon/sidebars/dashboard/svg';

describe('dashboard chart labels', () => {
  it('shortens a long label at a word, with an ellipsis', () => {
    expect(shorten('Not returning after a complaint', 18)).toBe('Not returning…');
    expect(shorten('Champions', 18)).toBe('Champions');
    // One word longer than the room is cut, still with the ellipsis.
    expect(shorten('Supercalifragilistic', 8)).toBe('Superca…');
  });

  it('wraps onto two lines before shortening', () => {
    expect(wrap('Not returning after a complaint', 18)).toEqual(['Not returning', 'after a complaint']);
    expect(wrap('Not returning after a complaint about service', 18)).toEqual(['Not returning', 'after a complaint…']);
    expect(wrap("Can't lose them", 18)).toEqual(["Can't lose them"]);
  });
});
