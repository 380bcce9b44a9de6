/**
 * Connection settings the adapter adds to KURRENTDB_URL unless the URL sets them itself. The client
 * reconnects on its own: a broken channel is rebuilt on the next call (rediscovering the leader in a
 * cluster), and the adapter's subscriptions resubscribe from their checkpoint after an error.
 */
export const CONNECTION_DEFAULTS: Readonly<Record<string, string>> = {
  // Writes and $all reads go to the leader, so a read after a write sees it.
  nodePreference: 'leader',
  // A dead peer is noticed within ~20 s instead of when the OS gives up on the socket.
  keepAliveInterval: '10000',
  keepAliveTimeout: '10000',
  // Per-call deadline (ms): a call never hangs on a node that stopped answering.
  defaultDeadline: '10000',
  // Cluster discovery during a leader election: 10 attempts 500 ms apart.
  maxDiscoverAttempts: '10',
  discoveryInterval: '500',
  gossipTimeout: '5',
};

/** KURRENTDB_URL with the adapter's defaults for every setting it does not give (names are case-insensitive). */
export function connectionStringWithDefaults(url: string): string {
  const match = /^(kurrentdb|kurrent|kdb|esdb)(\+discover)?:\/\/([^?]*)(?:\?(.*))?$/i.exec(url.trim());
  if (!match) throw new Error('KURRENTDB_URL must be a KurrentDB connection string, e.g. kurrentdb://localhost:2113?tls=false');
  const [, scheme, discover = '', hosts, query = ''] = match;
  const given = new Set(
    query
      .split('&')
      .filter((pair) => pair.length > 0)
      .map((pair) => pair.split('=')[0].toLowerCase()),
  );
  const added = Object.entries(CONNECTION_DEFAULTS)
    .filter(([key]) => !given.has(key.toLowerCase()))
    .map(([key, value]) => `${key}=${value}`);
  const params = [query, ...added].filter((part) => part.length > 0).join('&');
  return `${scheme}${discover}://${hosts}${params ? `?${params}` : ''}`;
}

/** The URL without its password, for logs and error messages. */
export function redactConnectionString(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
