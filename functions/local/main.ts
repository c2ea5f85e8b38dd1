import "./polyfills.js";
import { startLocalStack } from "./local-stack.js";

// `npm start`: the whole product on this machine. Data lives under .local/ (git-ignored) and survives restarts.
const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`PORT must be a port number, not "${process.env.PORT}"`);
  process.exit(2);
}
const stateDir = process.env.FFA_STATE_DIR ?? ".local";

console.log("Starting ffa-planner: DynamoDB Local, the planning-cycle workflow and the API...");
let stack: Awaited<ReturnType<typeof startLocalStack>>;
try {
  stack = await startLocalStack({ port, stateDir, log: (line) => console.log(`  ${line}`) });
} catch (error) {
  console.error(`\nffa-planner could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

console.log(`
ffa-planner is running.

  Web pages    ${stack.url}/app  (sign in as any persona at ${stack.url}/sign-in)
  API          ${stack.url}
  API docs     ${stack.url}/docs
  OpenAPI      ${stack.url}/openapi.json
  Health       ${stack.url}/health
  Data         ${stateDir}/dynamodb (DynamoDB Local; delete the folder to start afresh)

Get a bearer token for a persona (role, country, agency or ministry), then call the API:

  TOKEN=$(npm run -s token -- coordinator KEN)
  TOKEN=$(npm run -s token -- approver KEN ministry-of-justice)
  curl -H "Authorization: Bearer $TOKEN" ${stack.url}/cycles

Press Ctrl-C to stop.
`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping ffa-planner...`);
  const timer = setTimeout(() => {
    console.error("did not stop within 10 s; exiting anyway");
    process.exit(1);
  }, 10_000);
  timer.unref();
  await stack.stop();
  console.log("stopped.");
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
