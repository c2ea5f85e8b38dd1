import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";

export type CallCounts = Record<string, number>;

/**
 * Counts the commands sent through `client`, by command name (`QueryCommand`, `GetItemCommand`...). Every call the
 * store makes goes through `send`, so wrapping it sees all of them, pages of a paginated Query included.
 */
export function countCalls(client: DynamoDBClient) {
  let counts: CallCounts = {};
  const send = client.send.bind(client) as (command: object, ...rest: unknown[]) => Promise<unknown>;
  (client as { send: unknown }).send = (command: object, ...rest: unknown[]) => {
    const name = command.constructor.name;
    counts[name] = (counts[name] ?? 0) + 1;
    return send(command, ...rest);
  };
  return {
    /** The counts since the last reset. */
    take(): CallCounts {
      const taken = counts;
      counts = {};
      return taken;
    },
    reset(): void {
      counts = {};
    },
  };
}

export const totalOf = (counts: CallCounts) => Object.values(counts).reduce((sum, n) => sum + n, 0);

/** `Query 2, TransactWriteItems 1` (sorted by name); `none` for no call. */
export function describeCounts(counts: CallCounts): string {
  const parts = Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, n]) => `${name.replace(/Command$/, "")} ${n}`);
  return parts.length > 0 ? parts.join(", ") : "none";
}
