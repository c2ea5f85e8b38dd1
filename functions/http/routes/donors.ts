import type { CoreDeps } from "../../core/changes.js";
import { newRouter } from "../router.js";
import { closingRoutes } from "./closing.js";
import { commentRoutes } from "./comments.js";
import { shareRoutes } from "./shares.js";

/** Sharing with donors, their comments, the closing summary and the next cycle: mounted at the root. */
export function donorRoutes(deps: CoreDeps) {
  return newRouter()
    .route("/", shareRoutes(deps))
    .route("/", commentRoutes(deps))
    .route("/", closingRoutes(deps));
}
