/** The customer card's rules: search, Profile fields, which fields may be edited and how they are read. */
export * from './types';
export * from './fold';
export * from './profile';
export * from './search';
export * from './edit';
export * from './card';
