/** What a child Node process needs to find its tools, its home, a temp folder and a language (Windows: SystemRoot). */
const NEEDED = new Set([
  'PATH',
  'HOME',
  'USERPROFILE',
  'TMPDIR',
  'TEMP',
  'TMP',
  'SYSTEMROOT',
  'LANG',
  'LC_ALL',
]);
/** npm's own settings (cache, proxy…), but not one that holds a credential. */
const NPM_SETTING = /^npm_config_/i;
const CREDENTIAL = /auth|token|password|secret|key/i;

/**
 * The environment for a child process such as the Agents Playground: only what it needs to run, so the bot's
 * secrets and settings stay in the bot. Names compare in any case, as Windows spells PATH as Path.
 */
export function childProcessEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    const needed = NEEDED.has(name.toUpperCase()) || (NPM_SETTING.test(name) && !CREDENTIAL.test(name));
    if (needed && value !== undefined) kept[name] = value;
  }
  return kept;
}
