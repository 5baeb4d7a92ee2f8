import { toMillis } from './datetime.ts';

/** Durations computed from a postmortem's times. */

export interface IncidentTimes {
  started: string;
  detected?: string;
  mitigated?: string;
  resolved?: string;
}

export interface Durations {
  /** Milliseconds from start to detection. */
  toDetect?: number;
  /** Milliseconds from start to mitigation. */
  toMitigate?: number;
  /** Milliseconds from start to resolution. */
  toResolve?: number;
  /**
   * How long users felt it: from the start to mitigation, or to resolution when the incident
   * names no mitigation (the fix was the mitigation).
   */
  impact?: number;
}

export function durations(times: IncidentTimes): Durations {
  const start = toMillis(times.started);
  const since = (value?: string) => (value === undefined ? undefined : toMillis(value) - start);
  const toMitigate = since(times.mitigated);
  const toResolve = since(times.resolved);
  return { toDetect: since(times.detected), toMitigate, toResolve, impact: toMitigate ?? toResolve };
}

/** "2 h 30 min", "45 min", "3 d 4 h", "0 min". */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days) return hours ? `${days} d ${hours} h` : `${days} d`;
  if (hours) return mins ? `${hours} h ${mins} min` : `${hours} h`;
  return `${mins} min`;
}

/** "+0:35", "+2:30", "+26:05": an offset from the start, hours:minutes. */
export function formatOffset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const minutes = Math.round(Math.abs(ms) / 60000);
  return `${sign}${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}
