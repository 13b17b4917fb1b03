import pino, { type Logger } from 'pino';

/** JSON logs, one line per event (pino; README "Processes"). */
export function createLogger(level: string, name = 'zgw-documenten'): Logger {
  return pino({ level, name });
}
