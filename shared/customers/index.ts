/** The customer card's rules: search, Profile fields, which fields may be edited and how they are read. */
export * from './types';
export * from './fold';
export * from './profile';
export * from './search';
export * from './edit';
export * from './card';
export * from './dates';
export * from './date-format';
export * from './phone';
export * from './timeline';
export * from './insight';
export * from './referrals';
