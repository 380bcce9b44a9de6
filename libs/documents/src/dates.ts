/** Day, month, year of an instant in Vietnam's time (UTC+7), or of a plain YYYY-MM-DD date. */
export const dayOf = (iso: string): { d: string; m: string; y: string } => {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso : new Date(Date.parse(iso) + 7 * 3600_000).toISOString().slice(0, 10);
  const [y, m, d] = day.split('-');
  return { d, m, y };
};

/** dd/mm/yyyy, as Vietnamese documents write dates in running text. */
export const shortDate = (iso: string): string => {
  const { d, m, y } = dayOf(iso);
  return `${d}/${m}/${y}`;
};

/** dd/mm/yyyy hh:mm in Vietnam's time. */
export const dateTime = (iso: string): string => `${shortDate(iso)} ${new Date(Date.parse(iso) + 7 * 3600_000).toISOString().slice(11, 16)}`;
