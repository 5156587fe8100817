// Structured logging: one JSON object per line on stdout (errors on stderr), ready for any log shipper.

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export function createLogger(
  level: LogLevel = "info",
  write: (line: string, level: LogLevel) => void = (line, l) =>
    (l === "error" || l === "warn" ? process.stderr : process.stdout).write(line + "\n"),
): Logger {
  const threshold = ORDER[level];
  const log = (l: Exclude<LogLevel, "silent">) => (msg: string, fields: Record<string, unknown> = {}) => {
    if (ORDER[l] < threshold) return;
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level: l, msg, ...fields };
    if (fields.err instanceof Error) {
      entry.err = { name: fields.err.name, message: fields.err.message, stack: fields.err.stack };
    }
    write(JSON.stringify(entry), l);
  };
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}
