/** The workbook contract: tabs and their schemas, the Workbook port, and reading and writing typed rows. */
export * from './cell';
export * from './formula-guard';
export * from './port';
export * from './values';
export * from './columns';
export * from './tabs';
export * from './header';
export * from './codec';
export * from './settings';
export * from './ids';
export * from './blocks';
export * from './grid';
export * from './table';
export * from './migrate';
export * from './memory';
export * from './grid-edit';
export * from './labels';
export { columnLetters } from './a1';
