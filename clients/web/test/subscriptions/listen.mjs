// Subscribes as an app would, with the real graphql-ws or graphql-sse client, and prints one JSON
// line per event: {"next": ...}, {"error": ...}, {"closed": code}, {"complete": true}.
//   node listen.mjs ws|sse URL TOKEN QUERY [VARIABLES_JSON] [--slow MS] [--retry] [--stall]
// --stall (ws): after the first event, stop reading the socket ({"stalled": true}) until a line
// arrives on stdin: a consumer too slow for the server's sends, whose buffers fill.
import { createClient as createWsClient } from "graphql-ws";
import { createClient as createSseClient } from "graphql-sse";
import WebSocket from "ws";

const [mode, url, token, query, variablesJson, ...flags] = process.argv.slice(2);
const variables = variablesJson ? JSON.parse(variablesJson) : {};
const slow = flags.includes("--slow") ? Number(flags[flags.indexOf("--slow") + 1]) : 0;
const retry = flags.includes("--retry");
const stall = flags.includes("--stall");
const sockets = [];
class Recorded extends WebSocket {
  constructor(...args) {
    super(...args);
    sockets.push(this);
  }
}
const print = (line) => process.stdout.write(JSON.stringify(line) + "\n");
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let client;
if (mode === "ws") {
  client = createWsClient({
    url,
    webSocketImpl: Recorded,
    connectionParams: () => ({ Authorization: `Bearer ${token}` }),
    retryAttempts: retry ? 5 : 0,
    retryWait: () => sleep(100),
    lazy: false,
    on: {
      connected: () => print({ connected: true }),
      closed: (event) => print({ closed: event.code, reason: event.reason }),
    },
  });
} else {
  client = createSseClient({
    url,
    headers: { Authorization: `Bearer ${token}` },
    retryAttempts: retry ? 5 : 0,
  });
}

const events = client.iterate({ query, variables });
try {
  for await (const result of events) {
    print({ next: result });
    if (slow) await sleep(slow);
    if (stall && sockets.length > 0) {
      const socket = sockets.at(-1);
      socket.pause();
      print({ stalled: true });
      process.stdin.once("data", () => socket.resume());
      sockets.length = 0; // once
    }
  }
  print({ complete: true });
} catch (error) {
  const detail = Array.isArray(error)
    ? error
    : error && typeof error === "object" && "code" in error
      ? { code: error.code, reason: error.reason }
      : String(error);
  print({ error: detail });
}
process.exit(0);
