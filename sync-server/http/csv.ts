/**
 * CSV answers of the server (the API's `Accept: text/csv` and the report's export.csv). The writer
 * itself, with the formula guard against CSV injection (names of areas and Kennzahlen come from
 * uploads), is the one in shared/io/csv-schreiben.ts that the command line and the register use too:
 * UTF-8 with byte order mark, `;` between fields, decimal comma, CRLF; a suppressed value is the sign
 * "." as in the printed tables, a missing value an empty field.
 */
export { csvNumber, toCsv, type CsvCell, type Gerundet } from '../../shared/io/csv-schreiben';

export const CSV_TYPE = 'text/csv; charset=utf-8; header=present';
