/** An absolute http(s) address, as the schema requires of `url` and `link`. */
export function isHttpUrl(value: string): boolean {
  try {
    return /^https?:\/\//i.test(value) && ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
