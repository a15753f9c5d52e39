/** `${{NAME}}`, the Agents Toolkit's placeholder syntax in appPackage/ files. */
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Placeholders that may be empty (a name suffix is blank in production). */
const MAY_BE_EMPTY: ReadonlySet<string> = new Set(['APP_NAME_SUFFIX']);

export interface Filled {
  text: string;
  /** Names with no value, in order of first use. */
  missing: string[];
}

/** Fills every placeholder from `values`; names without a value are listed, not guessed. */
export function fillPlaceholders(text: string, values: Record<string, string | undefined>): Filled {
  const missing: string[] = [];
  const filled = text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = values[name];
    if (value === undefined || (value.trim() === '' && !MAY_BE_EMPTY.has(name))) {
      if (!missing.includes(name)) missing.push(name);
      return whole;
    }
    // Values land inside JSON strings.
    return JSON.stringify(value).slice(1, -1);
  });
  return { text: filled, missing };
}
