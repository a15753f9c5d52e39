import { playgroundEnv } from '../src/playground';
import { BOT_PROCESS_ENV, configFrom, SECRET } from './helpers/botProcessEnv';

describe("the Agents Playground's environment", () => {
  it('holds what a child Node process needs and the telemetry switch, none of the bot’s settings or secrets', () => {
    const config = configFrom(BOT_PROCESS_ENV, `SECRET_FROM_FILE=${SECRET}\nHOME=/from/the/file\n`);
    expect(playgroundEnv(config.playground.env, '/tmp/playground.log')).toEqual({
      PATH: BOT_PROCESS_ENV.PATH,
      HOME: '/home/partner',
      LANG: 'fr_FR.UTF-8',
      npm_config_cache: '/home/partner/.npm',
      APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
      TEAMSAPPTESTER_BROWSER: 'none',
      M365_AGENTS_PLAYGROUND_LOGFILE: '/tmp/playground.log',
    });
  });

  it('keeps the Windows spellings of what it needs', () => {
    const windows = {
      Path: 'C:\\Windows\\system32',
      SystemRoot: 'C:\\Windows',
      USERPROFILE: 'C:\\Users\\partner',
      TEMP: 'C:\\Temp',
      TMP: 'C:\\Temp',
      LC_ALL: 'C',
      APPDATA_SECRET: SECRET,
    };
    const { APPDATA_SECRET: _secret, ...needed } = windows;
    expect(configFrom(windows).playground.env).toEqual(needed);
  });
});
