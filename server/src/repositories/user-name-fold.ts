/**
 * How user names compare, the same on SQLite and PostgreSQL: A–Z and the Romanian capitals
 * (Ă Â Î Ș Ț, and the cedilla forms Ş Ţ) count as their small letters, every other character as
 * written. Both engines' lower() fold A–Z only (SQLite without ICU; PostgreSQL under COLLATE "C", the
 * columns' collation), so the Romanian capitals are replaced first. «Ștefan» and «ștefan» are one name.
 */
const ROMANIAN_CAPITALS: ReadonlyArray<readonly [string, string]> = [
  ['Ă', 'ă'], ['Â', 'â'], ['Î', 'î'], ['Ș', 'ș'], ['Ț', 'ț'], ['Ş', 'ş'], ['Ţ', 'ţ'],
];

/** The folded name, computed here and compared with `foldedSql` of a column (or a column holding folded names). */
export function foldUserName(name: string): string {
  return name.replace(/[A-ZĂÂÎȘȚŞŢ]/gu, (c) => c.toLowerCase());
}

/**
 * The same fold in SQL over `column`; migration 012 indexes exactly this expression on users.name
 * (an index serves only the expression it was made on, so keep the two alike).
 */
export function foldedSql(column: string): string {
  return `lower(${ROMANIAN_CAPITALS.reduce((sql, [big, small]) => `replace(${sql}, '${big}', '${small}')`, column)})`;
}
