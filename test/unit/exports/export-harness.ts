import type { OpenAPIHono } from "@hono/zod-openapi";
import { createApp } from "../../../functions/http/app.js";
import { createJwtAuthenticator } from "../../../functions/http/auth.js";
import type { AppEnv } from "../../../functions/http/router.js";
import { seedExportCycle } from "../../support/export-fixtures.js";
import { newCycleRef } from "../../support/fixtures.js";
import { createHarness, type Harness, type PersonaName } from "../http/harness.js";

// The unit harness (memory store, real tokens) with a way to read a file answer as bytes: the harness's own `call`
// decodes every body as text, which would mangle an .xlsx file.

export type Download = { status: number; headers: Headers; bytes: Buffer; text: string };

export type ExportHarness = Harness & {
  cycleId: string;
  download(path: string, as: PersonaName): Promise<Download>;
};

export async function createExportHarness(options: { closed?: boolean } = {}): Promise<ExportHarness> {
  const h = await createHarness();
  const ref = newCycleRef();
  await seedExportCycle(h.deps, ref, options);
  const app: OpenAPIHono<AppEnv> = createApp({ ...h.deps, authenticate: createJwtAuthenticator(h.issuer) });
  return {
    ...h,
    cycleId: ref.cycleId,
    async download(path, as) {
      const res = await app.request(path, { headers: { Authorization: `Bearer ${await h.token(as)}` } });
      const bytes = Buffer.from(await res.arrayBuffer());
      return { status: res.status, headers: res.headers, bytes, text: bytes.toString("utf8") };
    },
  };
}
