import type { Setting } from './schemas';

/**
 * The settings by name, each read through its zod schema. A bad one is noted, as one line naming it and saying
 * what is expected, and taken as unset: so every problem is found, to be reported together.
 */
export class SettingReader {
  readonly problems: string[] = [];

  constructor(private readonly settings: Readonly<Record<string, string | undefined>>) {}

  /** The setting's text, trimmed; empty counts as unset, as templates leave them. */
  text(name: string): string | undefined {
    return this.settings[name]?.trim() || undefined;
  }

  /** Its value: when unset, the schema's default (or undefined); when bad, the same, and a problem noted. */
  read<T>(name: string, schema: Setting<T>, text = this.text(name)): T {
    const result = schema.safeParse(text);
    if (result.success) return result.data;
    this.problem(`${name}: ${result.error.issues[0]?.message}`);
    return schema.parse(undefined);
  }

  /** A problem a rule across settings found; it names the setting to change. */
  problem(message: string): void {
    this.problems.push(message);
  }
}
