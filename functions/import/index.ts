// Reading import files and opening the workbook for `regulars import`, the public face of functions/import.
export { readSourceFile, csvTable, xlsxTable, sniffFormat, UnreadableFileError } from './read-file';
export { withWorkbookFile } from './workbook-file';
