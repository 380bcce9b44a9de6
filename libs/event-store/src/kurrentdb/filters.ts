import { eventTypeFilter, excludeSystemEvents, streamNameFilter, type Filter } from '@kurrent/kurrentdb-client';
import type { EventFilter } from '../event-store.port';
import { categoryOf } from '../validation';

/**
 * How a port filter is read on KurrentDB. The server applies one filter per read, on event types or on
 * stream names, so `server` carries one part (categories, else types) and `matches` re-checks the whole filter on
 * the client. `matches` also drops KurrentDB's own events (`$` types) and the adapter's id claims.
 */
export interface FilterPlan {
  server: Filter;
  matches: (type: string, stream: string) => boolean;
  /** The filter can match nothing (an empty list, or a category containing `-`): no need to ask the server. */
  matchesNothing: boolean;
}

export interface FilterSettings {
  /** Checkpoints every `checkpointInterval` × the server's search window of filtered-out events (subscriptions). */
  checkpointInterval: number;
}

export function translateFilter(filter: EventFilter | undefined, settings: FilterSettings): FilterPlan {
  const types = filter?.types;
  // A category is a stream name up to its first `-`: a category with a `-` in it never matches.
  const categories = filter?.categories?.filter((c) => c.length > 0 && !c.includes('-'));
  const matchesNothing = types?.length === 0 || (filter?.categories !== undefined && categories?.length === 0);
  const matches = (type: string, stream: string): boolean =>
    !type.startsWith('$') &&
    (types === undefined || types.includes(type)) &&
    (filter?.categories === undefined || filter.categories.includes(categoryOf(stream)));
  const { checkpointInterval } = settings;
  let server: Filter;
  // Categories first: a reader usually follows a few categories among many, a type list is often long.
  if (categories !== undefined && categories.length > 0) {
    server = streamNameFilter({ regex: `^(?:${categories.map(escapeRegex).join('|')})(?:-|$)`, checkpointInterval });
  } else if (types !== undefined && types.length > 0) {
    server = eventTypeFilter({ regex: exactly(types), checkpointInterval });
  } else {
    server = excludeSystemEvents({ checkpointInterval });
  }
  return { server, matches, matchesNothing };
}

/** A regular expression matching exactly one of the given strings (not their prefixes). */
export function exactly(values: readonly string[]): string {
  return `^(?:${values.map(escapeRegex).join('|')})$`;
}

/** Escapes every character that is special in .NET regular expressions (the server's engine). */
export function escapeRegex(value: string): string {
  return value.replace(/[\\^$.|?*+()[\]{}#\s-]/g, (c) => (/\s/.test(c) ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : `\\${c}`));
}
